import * as z from 'zod/mini';
import { looseObject } from '../../drift.js';
import { logAlarmSchemaParts, templateVersionReader } from '../../log-alarm-format/schema-parts.js';
import { builtOnce } from '../../built-once.js';

/** Which of alerthook's CLS templates rendered the body (`AlerthookTemplate: "cls/1"`). */
export const clsTemplateVersionOf = templateVersionReader('cls');

/** A CLS alarm names its policy by id, or by name in the 2021 names. */
export function namesAlarmPolicy(alarm: { AlarmID: string | null; AlarmName: string | null; Alarm: string | null }): boolean {
  return (alarm.AlarmID ?? alarm.AlarmName ?? alarm.Alarm) !== null;
}

/**
 * A CLS alarm notification, rendered from alerthook's template (`alerthook template cls`) or from a
 * user's own JSON template that uses CLS's variable names as keys (../shared/ALERT-SOURCES.md §4):
 * current names first, the 2021 legacy ones (`AlarmName`, `TopicName`, …) as fallbacks. Loose: a
 * template may carry more.
 */
function buildClsAlarmSchema() {
  const { notifyType, renderedInteger, renderedList, renderedPairs, renderedText, templateVersion } = logAlarmSchemaParts();
  const queryLog = looseObject({
    time: renderedInteger,
    topicId: renderedText,
    fileName: renderedText,
    source: renderedText,
    content: renderedPairs,
  });

  return looseObject({
    AlerthookTemplate: templateVersion(clsTemplateVersionOf),
    NotifyType: notifyType,
    RecordGroupId: renderedText,
    RecordId: renderedText,
    AlarmID: renderedText,
    Alarm: renderedText,
    AlarmName: renderedText,
    Level: renderedText,
    UIN: renderedText,
    Nickname: renderedText,
    Region: renderedText,
    Topic: renderedText,
    TopicName: renderedText,
    TopicId: renderedText,
    TopicID: renderedText,
    Condition: renderedText,
    TriggerParams: renderedText,
    ConditionGroup: renderedPairs,
    StartTime: renderedText,
    StartTimeUnix: renderedInteger,
    NotifyTime: renderedText,
    NotifyTimeUnix: renderedInteger,
    TriggerTime: renderedText,
    Duration: renderedInteger,
    HappenThreshold: renderedInteger,
    AlertThreshold: renderedInteger,
    ConsecutiveAlertNums: renderedInteger,
    DetailUrl: renderedText,
    QueryUrl: renderedText,
    Message: renderedText,
    CustomizeMessage: renderedText,
    QueryParams: renderedList(looseObject({ TopicId: renderedText, TopicName: renderedText, Query: renderedText })),
    ExecuteQuery: renderedList(z.string()),
    Query: renderedText,
    QueryResult: renderedList(renderedList(renderedPairs)),
    QueryLog: renderedList(renderedList(queryLog)),
  }).check(
    z.refine(namesAlarmPolicy, {
      message: 'expected AlarmID (or AlarmName): the alarm policy',
      path: ['AlarmID'],
    }),
  );
}

/** Built on its first use (the pipeline validates with the compiled validator first). */
export const clsAlarmSchema = builtOnce(buildClsAlarmSchema);

export type ClsAlarm = z.output<ReturnType<typeof buildClsAlarmSchema>>;
