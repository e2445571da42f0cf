import { looksLikeLogAlarm } from '../../log-alarm-format/recognize.js';
import type { SourceManifest } from '../../source.js';
import { TLS_TEMPLATE } from './template.js';

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
  template: TLS_TEMPLATE,
  looksLike: (body) => looksLikeLogAlarm(body, 'tls', ['AlarmTopicName', 'FireResults', 'NotifyMsg', 'AccountID']),
  consoleSteps: (url) => [
    `TLS → 告警 → 告警通知组 → 通用 Webhook (POST) of ${url.replace(/\/+$/, '')}/tls.`,
    `Run \`alerthook template tls\` and paste its body into ${TLS_TEMPLATE.where}; the Authorization header carries ALERTHOOK_TOKEN.`,
  ],
};
