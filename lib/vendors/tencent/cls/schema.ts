import * as z from 'zod/mini';
import { looseObject } from '../../drift.js';
import { logAlarmSchemaParts } from '../../log-alarm-format/schema-parts.js';
import { lazySchema } from '../../lazy-schema.js';

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
    AlerthookTemplate: templateVersion('cls'),
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
    z.refine((alarm) => (alarm.AlarmID ?? alarm.AlarmName ?? alarm.Alarm) !== null, {
      message: 'expected AlarmID (or AlarmName): the alarm policy',
      path: ['AlarmID'],
    }),
  );
}

/** Built on its first parse (lazySchema): a function whose first callback is not a log alarm builds none of it. */
export const ClsAlarmSchema = lazySchema(buildClsAlarmSchema);

export type ClsAlarm = z.output<ReturnType<typeof buildClsAlarmSchema>>;
