import * as z from 'zod/mini';
import { looseObject } from '../../drift.js';
import { logAlarmSchemaParts } from '../../log-alarm-format/schema-parts.js';
import { lazySchema } from '../../lazy-schema.js';

/**
 * A TLS alarm notification, rendered from alerthook's template (`alerthook template tls`) or from a
 * user's own JSON template keyed by TLS's content variables (../shared/ALERT-SOURCES.md §5). The
 * lists and objects (TriggerParams, FireResults, QueryLog, …) are kept as TLS wrote them: their
 * shapes are undocumented. Loose: a template may carry more.
 */
function buildTlsAlarmSchema() {
  const { notifyType, renderedInteger, renderedText, templateVersion } = logAlarmSchemaParts();
  /** A list TLS documents (TriggerParams, ExecuteQuery, …); a single value or nothing is a list too. */
  const anyList = z.pipe(
    z.optional(z.unknown()),
    z.transform((value) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value])),
  );

  return looseObject({
    AlerthookTemplate: templateVersion('tls'),
    NotifyType: notifyType,
    AlarmID: renderedText,
    Alarm: renderedText,
    Severity: renderedText,
    AccountID: renderedText,
    ProjectName: renderedText,
    AlarmTopicName: renderedText,
    Topics: anyList,
    Region: renderedText,
    Condition: renderedText,
    TriggerParams: anyList,
    StartTime: renderedText,
    NotifyTimeUnix: renderedText,
    Duration: renderedInteger,
    HappenThreshold: renderedInteger,
    ConsecutiveAlertNums: renderedInteger,
    ExecuteQuery: anyList,
    FireResults: z.optional(z.unknown()),
    FireResultsCount: renderedInteger,
    Results: z.optional(z.unknown()),
    QueryResult: z.optional(z.unknown()),
    QueryLog: z.optional(z.unknown()),
    NotifyMsg: renderedText,
    QueryUrl: renderedText,
    DetailUrl: renderedText,
  }).check(z.refine((alarm) => alarm.AlarmID !== null, { message: 'expected AlarmID: the alarm policy', path: ['AlarmID'] }));
}

/** Built on its first parse (lazySchema): a function whose first callback is not a log alarm builds none of it. */
export const TlsAlarmSchema = lazySchema(buildTlsAlarmSchema);

export type TlsAlarm = z.output<ReturnType<typeof buildTlsAlarmSchema>>;
