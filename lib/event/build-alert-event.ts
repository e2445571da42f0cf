import type { AlertData, AlertEvent, AlertKind, AlertSeverity, AlertStatus, VendorName } from './alert-event.js';
import { ALERT_EVENT_DATASCHEMA, ALERT_EVENT_TYPE, ALERT_SCHEMA_VERSION } from './constants.js';
import { digest128 } from './digest.js';
import { toRfc3339 } from '../time/vendor-time.js';

/** What a vendor normalizer decides; everything derived the same way for every vendor is done here. */
export interface AlertDraft {
  vendor: VendorName;
  source: string;
  /** Digest of the callback body: byte-identical redeliveries share it, anything else does not. */
  bodyDigest: string;
  /** Tells this event apart from the callback's other events (Volcengine names many resources). */
  instanceKey: string;
  /** What identifies the alert over its life: rule, metric or event, resource, level. No times, no status. */
  fingerprintParts: readonly string[];
  /** When the vendor sent this notification. */
  time: Date;
  kind: AlertKind;
  status: AlertStatus;
  severity: AlertSeverity;
  startsAt: Date;
  endsAt: Date | null;
  rule: AlertData['rule'];
  resource: AlertData['resource'];
  account: AlertData['account'];
  metrics: AlertData['metrics'];
  event: AlertData['event'];
  /** Vendor-specific routing labels, added to the common ones. */
  extraLabels: Record<string, string>;
  summary: string;
  delivery: AlertData['delivery'];
  raw: unknown;
}

export function buildAlertEvent(draft: AlertDraft): AlertEvent {
  const fingerprint = digest128([draft.vendor, ...draft.fingerprintParts]);
  const subject = draft.resource.id;
  return {
    specversion: '1.0',
    id: digest128([draft.vendor, draft.bodyDigest, draft.instanceKey]),
    source: draft.source,
    type: ALERT_EVENT_TYPE,
    // CloudEvents: an absent subject is left out, not sent as null.
    ...(subject !== null && subject !== '' ? { subject } : {}),
    time: toRfc3339(draft.time),
    datacontenttype: 'application/json',
    dataschema: ALERT_EVENT_DATASCHEMA,
    data: {
      schemaVersion: ALERT_SCHEMA_VERSION,
      vendor: draft.vendor,
      kind: draft.kind,
      status: draft.status,
      severity: draft.severity,
      fingerprint,
      startsAt: toRfc3339(draft.startsAt),
      endsAt: draft.endsAt === null ? null : toRfc3339(draft.endsAt),
      rule: draft.rule,
      resource: draft.resource,
      account: draft.account,
      metrics: draft.metrics,
      event: draft.event,
      labels: buildLabels(draft, fingerprint),
      summary: draft.summary,
      delivery: draft.delivery,
      raw: draft.raw,
    },
  };
}

function buildLabels(draft: AlertDraft, fingerprint: string): Record<string, string> {
  const labels: Record<string, string> = {
    vendor: draft.vendor,
    kind: draft.kind,
    status: draft.status,
    severity: draft.severity,
    fingerprint,
  };
  setIfPresent(labels, 'rule_id', draft.rule.id);
  setIfPresent(labels, 'rule_name', draft.rule.name);
  setIfPresent(labels, 'resource_id', draft.resource.id);
  setIfPresent(labels, 'resource_name', draft.resource.name);
  setIfPresent(labels, 'region', draft.resource.region);
  setIfPresent(labels, 'namespace', draft.resource.namespace);
  setIfPresent(labels, 'account_id', draft.account.id);
  setIfPresent(labels, 'project', draft.account.project);
  // Routing by metric means the ones that breached: context metrics (breaching false) are left out.
  const named = draft.metrics.filter((m) => m.breaching !== false);
  if (named.length > 0) labels.metric = named.map((m) => m.name).join(',');
  if (draft.event !== null) labels.event = draft.event.name;
  for (const [key, value] of Object.entries(draft.extraLabels)) setIfPresent(labels, key, value);
  return labels;
}

function setIfPresent(labels: Record<string, string>, key: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && value !== '') labels[key] = value;
}
