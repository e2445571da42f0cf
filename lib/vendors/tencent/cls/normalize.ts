import type { AlertEvent, AlertSeverity } from '../../../event/alert-event.js';
import { logAlarmEvent } from '../../log-alarm-format/log-alarm-event.js';
import { fromServiceTime, fromUnixSecondsOrMillis } from '../../log-alarm-format/times.js';
import type { NormalizeContext } from '../../source.js';
import type { ClsAlarm } from './schema.js';

export const CLS_SOURCE = 'tencentcloud/cls';

/** CLS's alarm levels (TSDK `AlarmLevel`): 0 Warn 警告, 1 Info 提醒, 2 Critical 紧急; as a number or its name. */
const LEVELS: Readonly<Record<string, AlertSeverity>> = {
  '0': 'warning',
  warn: 'warning',
  warning: 'warning',
  警告: 'warning',
  '1': 'info',
  info: 'info',
  提醒: 'info',
  '2': 'critical',
  critical: 'critical',
  紧急: 'critical',
};

/**
 * One event per notification. Identity: the policy (AlarmID) and RecordGroupId, which CLS keeps from
 * trigger through repeats to recovery (one per group when 分组触发 is on); a body without it (a
 * user's template) falls back to the ConditionGroup values. Times: the Unix milliseconds, else the
 * Asia/Shanghai strings; a body with neither is dated when alerthook received it.
 */
export function normalizeClsAlarm(alarm: ClsAlarm, raw: unknown, context: NormalizeContext<unknown>): AlertEvent[] {
  const alarmName = alarm.Alarm ?? alarm.AlarmName;
  const alarmId = alarm.AlarmID ?? (alarmName as string);
  const notifiedAt =
    fromUnixSecondsOrMillis(alarm.NotifyTimeUnix) ??
    fromServiceTime(alarm.NotifyTime) ??
    fromServiceTime(alarm.TriggerTime) ??
    context.receivedAt;
  const startsAt = fromUnixSecondsOrMillis(alarm.StartTimeUnix) ?? fromServiceTime(alarm.StartTime) ?? notifiedAt;
  const group: [string, string][] =
    alarm.RecordGroupId !== null ? [['RecordGroupId', alarm.RecordGroupId]] : Object.entries(alarm.ConditionGroup);
  const level = alarm.Level === null ? undefined : LEVELS[alarm.Level.trim().toLowerCase()];
  const topicId = alarm.TopicId ?? alarm.TopicID ?? alarm.QueryParams[0]?.TopicId ?? null;
  const topicName = alarm.Topic ?? alarm.TopicName ?? alarm.QueryParams[0]?.TopicName ?? null;
  return [
    logAlarmEvent(
      {
        vendor: 'tencent',
        source: CLS_SOURCE,
        sourceName: 'cls',
        templateVersion: alarm.AlerthookTemplate,
        status: alarm.NotifyType,
        severity: level ?? null,
        alarmId,
        alarmName,
        incidentId: alarm.RecordGroupId,
        group,
        condition: alarm.Condition,
        startsAt,
        notifiedAt,
        topicId,
        topicName,
        region: alarm.Region,
        accountId: alarm.UIN,
        project: null,
        url: alarm.DetailUrl ?? alarm.QueryUrl,
        message: alarm.Message ?? alarm.CustomizeMessage,
        details: {
          recordId: alarm.RecordId,
          triggerParams: alarm.TriggerParams,
          conditionGroup: alarm.ConditionGroup,
          queries: alarm.QueryParams,
          executeQuery: alarm.Query === null ? alarm.ExecuteQuery : [...alarm.ExecuteQuery, alarm.Query],
          queryResult: alarm.QueryResult,
          queryLog: alarm.QueryLog,
          durationMinutes: alarm.Duration,
          happenThreshold: alarm.HappenThreshold,
          alertThresholdMinutes: alarm.AlertThreshold,
          consecutiveAlertNums: alarm.ConsecutiveAlertNums,
          queryUrl: alarm.QueryUrl,
          detailUrl: alarm.DetailUrl,
          nickname: alarm.Nickname,
        },
        dimensions: { ...alarm.ConditionGroup },
      },
      raw,
      context,
    ),
  ];
}
