import type { AlertEvent, AlertKind, AlertMetric, AlertSeverity, AlertStatus } from '../../event/alert-event.js';
import { buildAlertEvent } from '../../event/build-alert-event.js';
import { isPlainObject } from '../../json/json-value.js';
import { fingerprintParts, type NormalizeContext } from '../vendor.js';
import { identifyingDimensions, VOLCENGINE_EVENT_FINGERPRINT, VOLCENGINE_METRIC_FINGERPRINT } from './fingerprint.js';
import {
  RESOURCE_LISTS,
  detailsField,
  type ResourceListName,
  type VolcengineCallback,
  type VolcengineEventCallback,
  type VolcengineMetricCallback,
  type VolcengineResource,
} from './schema.js';

export const VOLCENGINE_SOURCE = 'volcengine/cloudmonitor';

const LEVEL_SEVERITY: Record<string, AlertSeverity> = { critical: 'critical', warning: 'warning', notice: 'info' };
const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 3, warning: 2, info: 1 };

/** Which list a resource came in says what happened to it; `Type` agrees with it in every sample. */
const LIST_MEANING: Record<ResourceListName, { kind: AlertKind; status: AlertStatus }> = {
  Resources: { kind: 'metric', status: 'firing' },
  RecoveredResources: { kind: 'metric', status: 'resolved' },
  NoDataResources: { kind: 'nodata', status: 'firing' },
  NoDataRecoveredResources: { kind: 'nodata', status: 'resolved' },
};

export function normalizeVolcengineCallback(callback: VolcengineCallback, raw: unknown, context: NormalizeContext): AlertEvent[] {
  return callback.Type === 'Event'
    ? [normalizeVolcengineEvent(callback, raw, context)]
    : normalizeVolcengineMetricAlarm(callback, raw, context);
}

/** One event per resource named in any of the four lists. */
export function normalizeVolcengineMetricAlarm(callback: VolcengineMetricCallback, raw: unknown, context: NormalizeContext): AlertEvent[] {
  const rawObject = isPlainObject(raw) ? raw : {};
  // The callback's own fields, shared by every event; each event's raw adds its one resource.
  // Defined, not assigned, so that a field called `__proto__` stays a field (JSON.parse made it one).
  const sharedRaw: Record<string, unknown> = Object.fromEntries(
    Object.entries(rawObject).filter(([key]) => !(RESOURCE_LISTS as readonly string[]).includes(key)),
  );
  const severity = levelSeverity(callback.Level, context.defaultSeverity);
  const namespace =
    callback.Namespace === null
      ? null
      : callback.SubNamespace === null
        ? callback.Namespace
        : `${callback.Namespace}/${callback.SubNamespace}`;
  const delivery = deliveryOf(context.headers);
  const topTags = tagLabels(callback.Tags);

  const events: AlertEvent[] = [];
  for (const listName of RESOURCE_LISTS) {
    const rawList = rawObject[listName];
    callback[listName].forEach((resource, index) => {
      const { kind, status } = LIST_MEANING[listName];
      const metrics = metricsOf(resource);
      const dimensions: Record<string, string> = {};
      for (const dimension of resource.Dimensions) dimensions[dimension.Name] = dimension.Value ?? '';
      const part = identifyingDimensions(dimensions);
      // The schema has made sure one of the two is there.
      const time = (callback.HappenedAt ?? resource.LastAlertTime) as Date;
      events.push(
        buildAlertEvent({
          vendor: 'volcengine',
          source: VOLCENGINE_SOURCE,
          bodyDigest: context.bodyDigest,
          instanceKey: `${listName}/${index}/${resource.Id}`,
          fingerprintParts: fingerprintParts(VOLCENGINE_METRIC_FINGERPRINT, {
            ruleId: callback.RuleId,
            kind,
            namespace: callback.Namespace,
            subNamespace: callback.SubNamespace,
            region: resource.Region,
            resourceId: resource.Id,
            part,
          }),
          time,
          kind,
          status,
          severity,
          startsAt: resource.FirstAlertTime ?? time,
          endsAt: status === 'resolved' ? time : null,
          rule: {
            id: callback.RuleId,
            name: callback.RuleName,
            condition: callback.RuleCondition,
            type: null,
            typeName: null,
            notifyType: null,
            notifyPeriodSeconds: null,
          },
          resource: { id: resource.Id, name: resource.Name, region: resource.Region, namespace, dimensions },
          account: { id: callback.AccountId, project: callback.Project },
          metrics,
          event: null,
          extraLabels: Object.assign({}, topTags, tagLabels(resource.Tags), {
            level: callback.Level ?? '',
            alert_group_id: callback.AlertGroupId ?? '',
          }),
          summary: summarizeMetricAlarm(status, kind, severity, callback.RuleName ?? callback.RuleId, metrics, resource, part),
          delivery,
          raw: eventRaw(sharedRaw, listName, Array.isArray(rawList) ? rawList[index] : resource),
        }),
      );
    });
  }
  return events;
}

export function normalizeVolcengineEvent(callback: VolcengineEventCallback, raw: unknown, context: NormalizeContext): AlertEvent {
  const details = callback.Details;
  // The resource named in Details: `subject` is its id; `volcresourcename` its TRN (…/instance/i-xxx).
  const resourceName = detailsField(details, 'volcresourcename');
  const resourceId = detailsField(details, 'subject') ?? (resourceName === null ? null : (resourceName.split('/').pop() ?? null));
  const region = callback.Region ?? detailsField(details, 'volcregion');

  // An event can match several rules; the most severe one speaks for it, all are in raw and labels.
  const rules = [...callback.Rules].sort(
    (a, b) =>
      SEVERITY_RANK[levelSeverity(b.Level, context.defaultSeverity)] - SEVERITY_RANK[levelSeverity(a.Level, context.defaultSeverity)],
  );
  const lead = rules[0];
  const severity = levelSeverity(lead?.Level ?? null, context.defaultSeverity);
  const description = callback.Description ?? callback.DescriptionCN;
  const ruleIds = callback.Rules.map((rule) => rule.RuleId);

  return buildAlertEvent({
    vendor: 'volcengine',
    source: VOLCENGINE_SOURCE,
    bodyDigest: context.bodyDigest,
    instanceKey: `Event/${callback.Id}`,
    fingerprintParts: fingerprintParts(VOLCENGINE_EVENT_FINGERPRINT, {
      ruleIds,
      source: callback.Source,
      eventType: callback.EventType,
      region,
      resourceId,
    }),
    time: callback.HappenedAt,
    kind: 'event',
    status: 'firing',
    severity,
    startsAt: callback.HappenedAt,
    endsAt: null,
    rule: {
      id: lead?.RuleId ?? null,
      name: lead?.RuleName ?? null,
      condition: callback.EventType,
      type: null,
      typeName: null,
      notifyType: null,
      notifyPeriodSeconds: null,
    },
    resource: { id: resourceId, name: resourceName, region, namespace: callback.Source, dimensions: {} },
    account: { id: callback.AccountId, project: callback.ProjectName },
    metrics: [],
    event: {
      name: callback.EventType,
      displayName: callback.DescriptionCN,
      id: callback.Id,
      source: callback.Source,
      description,
      details,
    },
    extraLabels: { level: lead?.Level ?? '', rule_ids: ruleIds.join(',') },
    summary: `[FIRING ${severity}] ${callback.EventType}${resourceId === null ? '' : ` on ${resourceId}`}${region === null ? '' : ` (${region})`}${description === null ? '' : `: ${description}`}`,
    delivery: deliveryOf(context.headers),
    raw,
  });
}

function levelSeverity(level: string | null, defaultSeverity: AlertSeverity): AlertSeverity {
  return (level === null ? undefined : LEVEL_SEVERITY[level.toLowerCase()]) ?? defaultSeverity;
}

/**
 * A resource's metrics, grouped. When any evaluated metric carries `Warning: true`, those are the
 * ones that breached and the others are context (`breaching: false`); without any flag (the
 * vendor's own samples) whether a metric breached is not said (`null`).
 */
function metricsOf(resource: VolcengineResource): AlertMetric[] {
  const flagged = resource.Metrics.some((m) => m.Warning === true);
  const metric =
    (group: AlertMetric['group']) =>
    (m: VolcengineResource['Metrics'][number]): AlertMetric => ({
      name: m.Name,
      displayName: m.Description,
      unit: m.Unit,
      operator: null,
      threshold: m.Threshold,
      value: m.CurrentValue,
      group,
      breaching: group === 'evaluated' && flagged ? m.Warning === true : (m.Warning ?? null),
      reason: m.Reason,
      periodSeconds: null,
      periods: null,
    });
  return [
    ...resource.Metrics.map(metric('evaluated')),
    ...resource.NoDataMetrics.map(metric('nodata')),
    ...resource.DroppedMetrics.map(metric('dropped')),
  ];
}

/** `x-volc-trace-id` is the same on every retry of one delivery; all `x-volc-*` headers are kept. */
function deliveryOf(headers: Readonly<Record<string, string>>) {
  const vendorHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-volc-')) vendorHeaders[name] = value;
  return { traceId: headers['x-volc-trace-id'] ?? null, headers: vendorHeaders };
}

function tagLabels(tags: readonly { Key: string; Value: string | null }[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [`tag_${tag.Key}`, tag.Value ?? '']));
}

/** `[FIRING critical] rule: what breached on resource [part] (region)`: only the breaching metrics, where the vendor says which. */
function summarizeMetricAlarm(
  status: AlertStatus,
  kind: AlertKind,
  severity: AlertSeverity,
  rule: string,
  metrics: AlertMetric[],
  resource: VolcengineResource,
  part: readonly string[],
): string {
  const shown = metrics.filter((m) => (kind === 'nodata' ? m.group === 'nodata' : m.group === 'evaluated' && m.breaching !== false));
  const what = (shown.length > 0 ? shown : metrics)
    .map((m) => {
      const unit = m.unit ?? '';
      if (kind === 'nodata' && m.group === 'nodata') return `no data for ${m.displayName ?? m.name}`;
      const value = m.value === null ? '' : ` = ${m.value}${unit}`;
      const threshold = m.threshold === null ? '' : ` (threshold ${m.threshold}${unit})`;
      return `${m.displayName ?? m.name}${value}${threshold}`;
    })
    .join('; ');
  const on = `${resource.Name ?? resource.Id}${part.length > 0 ? ` [${part.join(', ')}]` : ''}${resource.Region === null ? '' : ` (${resource.Region})`}`;
  return `[${status.toUpperCase()} ${severity}] ${rule}: ${what === '' ? kind : what} on ${on}`;
}

/**
 * One event's raw: the callback's shared fields (copied with their own `__proto__`, if any, which
 * Object.assign would turn into the copy's prototype) and its one resource. Copied first and then
 * given the list: V8 adds a property after a spread in the same literal about ten times slower.
 */
function eventRaw(shared: Record<string, unknown>, listName: ResourceListName, resource: unknown): Record<string, unknown> {
  const raw = { ...shared };
  raw[listName] = [resource];
  return raw;
}
