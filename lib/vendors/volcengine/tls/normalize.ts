import type { AlertEvent, AlertSeverity } from '../../../event/alert-event.js';
import { isPlainObject } from '../../../json/json-value.js';
import { logAlarmEvent } from '../../log-alarm-format/log-alarm-event.js';
import { fromServiceTime } from '../../log-alarm-format/times.js';
import type { NormalizeContext } from '../../source.js';
import type { TlsAlarm } from './schema.js';

export const TLS_SOURCE = 'volcengine/tls';

/** TLS's `Severity` values are unconfirmed (likely notice, warning, critical): these spellings are read, others get the default. */
const SEVERITIES: Readonly<Record<string, AlertSeverity>> = {
  notice: 'info',
  info: 'info',
  提示: 'info',
  warning: 'warning',
  warn: 'warning',
  警告: 'warning',
  critical: 'critical',
  fatal: 'critical',
  error: 'critical',
  严重: 'critical',
};

/**
 * The group of a TLS incident: TLS documents no per-incident id, so an incident is its policy
 * (AlarmID) and the non-numeric `key=value` entries of TriggerParams (the group-by values, such as
 * `$1.AppName=x`); numeric ones are the measured values, which change between notifications.
 * Unconfirmed that TLS's recovery repeats the group values: if it does not, a recovery pairs with
 * a trigger only for a policy without groups.
 */
export function tlsGroup(triggerParams: readonly unknown[]): [string, string][] {
  const group: [string, string][] = [];
  for (const entry of triggerParams) {
    if (typeof entry !== 'string') continue;
    for (const part of entry.split(';')) {
      const at = part.indexOf('=');
      if (at <= 0) continue;
      const value = part.slice(at + 1);
      if (value.trim() === '' || Number.isFinite(Number(value))) continue;
      group.push([part.slice(0, at), value]);
    }
  }
  return group;
}

export function normalizeTlsAlarm(alarm: TlsAlarm, raw: unknown, context: NormalizeContext<unknown>): AlertEvent[] {
  const notifiedAt = fromServiceTime(alarm.NotifyTimeUnix) ?? context.receivedAt;
  const startsAt = fromServiceTime(alarm.StartTime) ?? notifiedAt;
  const group = tlsGroup(alarm.TriggerParams);
  const severity = alarm.Severity === null ? undefined : SEVERITIES[alarm.Severity.trim().toLowerCase()];
  const firstTopic = alarm.Topics[0];
  const topicId = isPlainObject(firstTopic) ? textOf(firstTopic.TopicId ?? firstTopic.TopicID ?? firstTopic.topic_id) : null;
  return [
    logAlarmEvent(
      {
        vendor: 'volcengine',
        source: TLS_SOURCE,
        sourceName: 'tls',
        templateVersion: alarm.AlerthookTemplate,
        status: alarm.NotifyType,
        severity: severity ?? null,
        alarmId: alarm.AlarmID as string,
        alarmName: alarm.Alarm,
        incidentId: null,
        group,
        condition: alarm.Condition,
        startsAt,
        notifiedAt,
        topicId,
        topicName: alarm.AlarmTopicName,
        region: alarm.Region,
        accountId: alarm.AccountID,
        project: alarm.ProjectName,
        url: alarm.DetailUrl ?? alarm.QueryUrl,
        message: alarm.NotifyMsg,
        details: {
          topics: alarm.Topics,
          triggerParams: alarm.TriggerParams,
          executeQuery: alarm.ExecuteQuery,
          fireResults: alarm.FireResults ?? null,
          fireResultsCount: alarm.FireResultsCount,
          results: alarm.Results ?? null,
          queryResult: alarm.QueryResult ?? null,
          queryLog: alarm.QueryLog ?? null,
          durationMinutes: alarm.Duration,
          happenThreshold: alarm.HappenThreshold,
          consecutiveAlertNums: alarm.ConsecutiveAlertNums,
          queryUrl: alarm.QueryUrl,
          detailUrl: alarm.DetailUrl,
        },
        dimensions: Object.fromEntries(group),
      },
      raw,
      context,
    ),
  ];
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
