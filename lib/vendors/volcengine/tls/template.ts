import type { SourceTemplate } from '../../source.js';

/** TLS's content variables (../shared/ALERT-SOURCES.md §5), each written as its JSON by TLS's own `toJson()`. */
const VARIABLES = [
  'NotifyType',
  'AlarmID',
  'Alarm',
  'Severity',
  'AccountID',
  'ProjectName',
  'AlarmTopicName',
  'Topics',
  'Region',
  'Condition',
  'TriggerParams',
  'StartTime',
  'NotifyTimeUnix',
  'Duration',
  'HappenThreshold',
  'ConsecutiveAlertNums',
  'ExecuteQuery',
  'FireResults',
  'FireResultsCount',
  'Results',
  'QueryResult',
  'QueryLog',
  'NotifyMsg',
  'QueryUrl',
  'DetailUrl',
] as const;

/**
 * The body alerthook ships for TLS (pongo2-style Django templates; doc 6470/163075). Every value is
 * `{{toJson(X)|safe}}`: TLS's own JSON encoder, which writes strings, numbers, lists and objects
 * alike, and `safe` so the engine's HTML escaping leaves its quotes alone. Not `|escapejs`: in
 * pongo2, the engine TLS's dialect is, escapejs drops U+FFFD, turns a backslash followed by `n` or
 * `r` into a newline or carriage return, and writes a character above U+FFFF as five hex digits
 * (`\u1F600`, read back as U+1F60 and "0"), so a log line would reach the event changed.
 * `SignInUrl` is left out: it logs in whoever holds it, for 12 hours.
 *
 * Version 1. A change to what the body carries is a new version; the normalizer keeps reading old ones.
 */
const BODY = `{
  "AlerthookTemplate": "tls/1",
${VARIABLES.map((name) => `  "${name}": {{toJson(${name})|safe}}`).join(',\n')}
}
`;

export const TLS_TEMPLATE: SourceTemplate = {
  version: 1,
  language: 'TLS content template (Django/pongo2 style)',
  body: BODY,
  headers: ['Content-Type: application/json', 'Authorization: Bearer <ALERTHOOK_TOKEN>'],
};
