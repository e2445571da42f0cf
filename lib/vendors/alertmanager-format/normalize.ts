import type { AlertEvent, AlertMetric, AlertSeverity, VendorName } from '../../event/alert-event.js';
import { buildAlertEvent } from '../../event/build-alert-event.js';
import { isPlainObject } from '../../json/json-value.js';
import { fingerprintParts, type NormalizeContext } from '../vendor.js';
import { ALERTMANAGER_FINGERPRINT, identityLabels } from './fingerprint.js';
import type { AlertmanagerAlert, AlertmanagerNotification } from './schema.js';
import { severityOfLabel } from './severity.js';
import { isWebUrl } from '../../event/web-url.js';

/** What a sender adds to the Alertmanager format, read from one alert (VMP's levels, rule names, values). */
export interface AlertAdditions {
  /** From the sender's own level, used when `labels.severity` says nothing the contract knows. */
  readonly severity?: AlertSeverity | null;
  readonly ruleId?: string | null;
  readonly ruleName?: string | null;
  readonly ruleType?: string | null;
  readonly condition?: string | null;
  /** A line for the summary when the annotations give none (VMP's current value). */
  readonly summary?: string | null;
  readonly metric?: AlertMetric | null;
  readonly accountId?: string | null;
}

/** One managed service's flavour of the format: who it is, and what it adds. */
export interface AlertmanagerDialect {
  readonly vendor: VendorName;
  /** CloudEvents `source`: `tencentcloud/prometheus`, `volcengine/vmp`. */
  readonly source: string;
  /** The source's name within its vendor (`prometheus`): the `source` routing label. */
  readonly sourceName: string;
  /** Labels that change from one notification of one alert to the next: not its identity. */
  readonly volatileLabels: ReadonlySet<string>;
  readonly additions?: (notification: AlertmanagerNotification, alert: AlertmanagerAlert) => AlertAdditions;
}

/**
 * One event per entry of `alerts[]`, each with its own status (a notification can mix firing and
 * resolved alerts; the top-level `status` is only "firing if any"). `raw` is the notification's own
 * fields with `alerts` holding just this alert: itself a valid one-alert notification.
 *
 * Times: `startsAt` in any offset becomes UTC. A firing alert's end is null, whatever `endsAt`
 * says (Alertmanager's zero time, or an end it expects but has not reached). A resolved alert ends
 * at its `endsAt`; without one (VMP omits it) at the time alerthook received the notification, the
 * only time there is. The event's `time` is the end for a resolved alert and `startsAt` for a firing
 * one: the format carries no time of sending, and these stay the same on a retry.
 */
export function normalizeAlertmanagerNotification(
  dialect: AlertmanagerDialect,
  notification: AlertmanagerNotification,
  raw: unknown,
  context: NormalizeContext<unknown>,
): AlertEvent[] {
  const truncated = notification.truncatedAlerts !== null && notification.truncatedAlerts > 0 ? notification.truncatedAlerts : 0;
  if (truncated > 0) context.note(`notification truncated by max_alerts: ${truncated} more alerts were not sent`);
  const rawObject = isPlainObject(raw) ? raw : { alerts: [] };
  const links = [notification.externalURL];

  return notification.alerts.map((alert, index) => {
    const extra = dialect.additions?.(notification, alert) ?? {};
    const { labels, annotations } = alert;
    const status = alert.status ?? notification.status ?? 'firing';
    const severity = severityOfLabel(labels.severity) ?? extra.severity ?? context.defaultSeverity;
    const endsAt = status === 'resolved' ? (alert.endsAt ?? context.receivedAt) : null;
    const ruleName = extra.ruleName ?? labels.alertname ?? null;
    const resourceId = labels.instance || labels.pod || null;
    const resourceName = labels.pod || labels.instance || labels.job || null;
    const url = [alert.alertURL, alert.generatorURL, ...links].find(isWebUrl);
    const said = annotations.summary || annotations.description || extra.summary || labels.alertname || 'alert';

    const extraLabels: Record<string, string> = { source: dialect.sourceName };
    for (const [name, value] of Object.entries(labels)) extraLabels[`label_${name}`] = value;
    if (truncated > 0) extraLabels.truncated_alerts = String(truncated);
    // The notification's fields, with `alerts` (moved last) holding this alert alone. Built as a
    // copy that `alerts` is then set on, not as `{ ...rest, alerts }`: V8 adds a property after a
    // spread about ten times slower, and this runs once per event.
    const { alerts: rawAlerts, ...eventRaw } = rawObject;
    eventRaw.alerts = [Array.isArray(rawAlerts) ? rawAlerts[index] : undefined];

    return buildAlertEvent({
      vendor: dialect.vendor,
      source: dialect.source,
      bodyDigest: context.bodyDigest,
      instanceKey: `alert ${index}`,
      fingerprintParts: fingerprintParts(ALERTMANAGER_FINGERPRINT, {
        source: dialect.sourceName,
        labels: identityLabels(labels, dialect.volatileLabels),
      }),
      time: endsAt ?? alert.startsAt,
      kind: 'metric',
      status,
      severity,
      startsAt: alert.startsAt,
      endsAt,
      rule: {
        id: extra.ruleId ?? null,
        name: ruleName,
        condition: extra.condition ?? null,
        type: extra.ruleType ?? null,
        typeName: null,
        notifyType: null,
        notifyPeriodSeconds: null,
        ...(url === undefined ? {} : { url }),
      },
      resource: { id: resourceId, name: resourceName, region: labels.region || null, namespace: null, dimensions: { ...labels } },
      account: { id: extra.accountId ?? null, project: null },
      metrics: extra.metric ? [extra.metric] : [],
      event: null,
      extraLabels,
      summary: `[${status.toUpperCase()} ${severity}] ${ruleName ?? 'alert'}: ${said}${resourceName === null ? '' : ` on ${resourceName}`}${truncated > 0 ? ` (notification truncated: ${truncated} more alerts not sent)` : ''}`,
      delivery: { traceId: null, headers: {} },
      raw: eventRaw,
    });
  });
}
