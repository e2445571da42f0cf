import type { SourceTemplate } from '../../source.js';

/** A `[["key", "value"], …, null]` list of a map's entries: text/template has no JSON encoder. */
const pairs = (map: string) => `[{{range $k, $v := ${map}}}["{{escape $k}}", "{{escape $v}}"], {{end}}null]`;

/**
 * The body alerthook ships for CLS (Go text/template with CLS's functions; ../shared/ALERT-SOURCES.md §4).
 * Every string goes through `escape` (CLS's JSON-string escaping) inside quotes. Numbers CLS
 * documents as integers are printed bare inside quotes: they need no escaping, and a template
 * must not depend on whether `escape` takes a number. Lists end in a `null` so items can be
 * separated without counting them. Keys are CLS's own variable names, so a user's template that
 * uses the same names reads the same. `.Level` is seen only in third-party templates (unconfirmed):
 * where CLS lacks it, text/template prints `<no value>`, read as "no level".
 *
 * Version 1. A change to what the body carries is a new version; the normalizer keeps reading
 * the old ones (the body says which rendered it).
 */
const BODY = `{
  "AlerthookTemplate": "cls/1",
  "NotifyType": "{{.NotifyType}}",
  "RecordGroupId": "{{escape .RecordGroupId}}",
  "RecordId": "{{escape .RecordId}}",
  "AlarmID": "{{escape .AlarmID}}",
  "Alarm": "{{escape .Alarm}}",
  "Level": "{{.Level}}",
  "UIN": "{{escape .UIN}}",
  "Nickname": "{{escape .Nickname}}",
  "Region": "{{escape .Region}}",
  "Topic": "{{escape .Topic}}",
  "TopicId": "{{escape .TopicId}}",
  "Condition": "{{escape .Condition}}",
  "TriggerParams": "{{escape .TriggerParams}}",
  "ConditionGroup": ${pairs('.ConditionGroup')},
  "StartTime": "{{escape .StartTime}}",
  "StartTimeUnix": "{{.StartTimeUnix}}",
  "NotifyTime": "{{escape .NotifyTime}}",
  "NotifyTimeUnix": "{{.NotifyTimeUnix}}",
  "Duration": "{{.Duration}}",
  "HappenThreshold": "{{.HappenThreshold}}",
  "AlertThreshold": "{{.AlertThreshold}}",
  "ConsecutiveAlertNums": "{{.ConsecutiveAlertNums}}",
  "DetailUrl": "{{escape .DetailUrl}}",
  "QueryUrl": "{{escape .QueryUrl}}",
  "Message": "{{escape .Message}}",
  "QueryParams": [{{range .QueryParams}}{"TopicId": "{{escape .TopicId}}", "TopicName": "{{escape .TopicName}}", "Query": "{{escape .Query}}"}, {{end}}null],
  "ExecuteQuery": [{{range .ExecuteQuery}}"{{escape .}}", {{end}}null],
  "QueryResult": [{{range .QueryResult}}[{{range .}}${pairs('.')}, {{end}}null], {{end}}null],
  "QueryLog": [{{range .QueryLog}}[{{range .}}{"time": "{{.time}}", "topicId": "{{escape .topicId}}", "fileName": "{{escape .fileName}}", "source": "{{escape .source}}", "content": ${pairs('.content')}}, {{end}}null], {{end}}null]
}
`;

export const CLS_TEMPLATE: SourceTemplate = {
  version: 1,
  language: 'Go text/template with CLS functions',
  body: BODY,
  headers: ['Content-Type: application/json', 'Authorization: Bearer <ALERTHOOK_TOKEN>'],
};
