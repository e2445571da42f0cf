import type { AlertEvent, AlertSeverity, VendorName } from '../../event/alert-event.js';
import { buildAlertEvent } from '../../event/build-alert-event.js';
import { fingerprintParts, type NormalizeContext } from '../vendor.js';
import { LOG_ALARM_FINGERPRINT } from './fingerprint.js';
import { isWebUrl } from '../../event/web-url.js';

/** One log-service alarm notification, read from its rendered body: what both services' normalizers produce. */
export interface LogAlarm {
  readonly vendor: VendorName;
  /** CloudEvents `source`: `tencentcloud/cls`, `volcengine/tls`. */
  readonly source: string;
  /** The source's name within its vendor (`cls`): the `source` routing label and part of the fingerprint. */
  readonly sourceName: string;
  /** alerthook's template version that rendered the body; null for the user's own template. */
  readonly templateVersion: number | null;
  readonly status: 'firing' | 'resolved';
  /** From the alarm's level where the service sends one; null: the default severity. */
  readonly severity: AlertSeverity | null;
  readonly alarmId: string;
  readonly alarmName: string | null;
  /** CLS RecordGroupId; null where the service has none. */
  readonly incidentId: string | null;
  /** The pairs that identify the incident within its policy (see LogAlarmIdentity.group). */
  readonly group: readonly (readonly [string, string])[];
  readonly condition: string | null;
  readonly startsAt: Date;
  /** When the service sent this notification: the event's `time`, and a recovery's end. */
  readonly notifiedAt: Date;
  readonly topicId: string | null;
  readonly topicName: string | null;
  readonly region: string | null;
  readonly accountId: string | null;
  readonly project: string | null;
  readonly url: string | null;
  readonly message: string | null;
  /** The queries, their results and the log excerpts, as the service sent them. */
  readonly details: Record<string, unknown>;
  /** Every other value worth routing by, as strings. */
  readonly dimensions: Record<string, string>;
}

/**
 * A log alarm as a v1 event: `kind: event` (a log query's result is not a metric series), the
 * policy as the rule, the topic as the resource, the queries, results and logs in `event.details`.
 */
export function logAlarmEvent(alarm: LogAlarm, raw: unknown, context: NormalizeContext<unknown>): AlertEvent {
  const severity = alarm.severity ?? context.defaultSeverity;
  const name = alarm.alarmName ?? alarm.alarmId;
  const extraLabels: Record<string, string> = { source: alarm.sourceName };
  if (alarm.templateVersion !== null) extraLabels.template_version = String(alarm.templateVersion);
  if (alarm.topicId !== null) extraLabels.topic_id = alarm.topicId;
  const on = alarm.topicName ?? alarm.topicId;
  return buildAlertEvent({
    vendor: alarm.vendor,
    source: alarm.source,
    bodyDigest: context.bodyDigest,
    instanceKey: 'alarm',
    fingerprintParts: fingerprintParts(LOG_ALARM_FINGERPRINT, { source: alarm.sourceName, alarmId: alarm.alarmId, group: alarm.group }),
    time: alarm.notifiedAt,
    kind: 'event',
    status: alarm.status,
    severity,
    startsAt: alarm.startsAt,
    endsAt: alarm.status === 'resolved' ? alarm.notifiedAt : null,
    rule: {
      id: alarm.alarmId,
      name: alarm.alarmName,
      condition: alarm.condition,
      type: null,
      typeName: null,
      notifyType: null,
      notifyPeriodSeconds: null,
      ...(isWebUrl(alarm.url) ? { url: alarm.url } : {}),
    },
    resource: { id: alarm.topicId, name: alarm.topicName, region: alarm.region, namespace: alarm.sourceName, dimensions: alarm.dimensions },
    account: { id: alarm.accountId, project: alarm.project },
    metrics: [],
    event: {
      name,
      displayName: alarm.alarmName,
      id: alarm.incidentId,
      source: alarm.sourceName,
      description: alarm.message,
      details: alarm.details,
    },
    extraLabels,
    summary: `[${alarm.status.toUpperCase()} ${severity}] ${name}${alarm.condition === null ? '' : `: ${alarm.condition}`}${on === null ? '' : ` on ${on}`}`,
    delivery: { traceId: null, headers: {} },
    raw,
  });
}
