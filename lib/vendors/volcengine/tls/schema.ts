import * as z from 'zod/mini';
import { looseObject } from '../../drift.js';
import { logAlarmSchemaParts, templateVersionReader } from '../../log-alarm-format/schema-parts.js';
import { builtOnce } from '../../built-once.js';

/** Which of alerthook's TLS templates rendered the body (`AlerthookTemplate: "tls/1"`). */
export const tlsTemplateVersionOf = templateVersionReader('tls');

/** A list TLS documents (TriggerParams, ExecuteQuery, …); a single value or nothing is a list too. */
export function anyListOf(value: unknown): unknown[] {
  return value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value];
}

export function namesAlarmId(alarm: { AlarmID: string | null }): boolean {
  return alarm.AlarmID !== null;
}

/**
 * A TLS alarm notification, rendered from alerthook's template (`alerthook template tls`) or from a
 * user's own JSON template keyed by TLS's content variables (../shared/ALERT-SOURCES.md §5). The
 * lists and objects (TriggerParams, FireResults, QueryLog, …) are kept as TLS wrote them: their
 * shapes are undocumented. Loose: a template may carry more.
 */
function buildTlsAlarmSchema() {
  const { notifyType, renderedInteger, renderedText, templateVersion } = logAlarmSchemaParts();
  const anyList = z.pipe(z.optional(z.unknown()), z.transform(anyListOf));

  return looseObject({
    AlerthookTemplate: templateVersion(tlsTemplateVersionOf),
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
  }).check(z.refine(namesAlarmId, { message: 'expected AlarmID: the alarm policy', path: ['AlarmID'] }));
}

/** Built on its first use (the pipeline validates with the compiled validator first). */
export const tlsAlarmSchema = builtOnce(buildTlsAlarmSchema);

export type TlsAlarm = z.output<ReturnType<typeof buildTlsAlarmSchema>>;
