import { looksLikeLogAlarm } from '../../log-alarm-format/recognize.js';
import type { SourceManifest } from '../../source.js';

/** Where alerthook's template goes in the console (the template itself is in template.ts). */
const WHERE =
  'TLS → 告警 → 告警通知 → 通知内容模板 → 新建: the Webhook content; then, in the 告警通知组, a 通用 Webhook (GeneralWebhook) to your function URL using this content template, with the headers below';

/**
 * Volcengine TLS (日志服务) log alarms: TLS posts whatever its content template renders
 * (../shared/ALERT-SOURCES.md §5; the default body, with no template, is undocumented), so alerthook
 * ships one (`alerthook template tls`) and reads what it renders, and a user's own JSON keyed by
 * TLS's variable names.
 */
export const tlsManifest: SourceManifest = {
  name: 'tls',
  title: 'Volcengine Log Service (TLS)',
  noun: 'alarm notification',
  pathSegment: 'tls',
  sample: { file: 'tls/samples/alarm.json', headers: {} },
  template: {
    where: WHERE,
    load: async () => (await import('./template.js')).TLS_TEMPLATE,
  },
  looksLike: (body) => looksLikeLogAlarm(body, 'tls', ['AlarmTopicName', 'FireResults', 'NotifyMsg', 'AccountID']),
  consoleSteps: (url) => [
    `TLS → 告警 → 告警通知组 → 通用 Webhook (POST) of ${url.replace(/\/+$/, '')}/tls.`,
    `Run \`alerthook template tls\` and paste its body into ${WHERE}; the Authorization header carries ALERTHOOK_TOKEN.`,
  ],
};
