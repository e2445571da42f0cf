import { looksLikeLogAlarm } from '../../log-alarm-format/recognize.js';
import type { SourceManifest } from '../../source.js';
import { CLS_TEMPLATE } from './template.js';

/**
 * Tencent CLS (日志服务) log alarms: CLS posts whatever body its notification content template
 * renders (../shared/ALERT-SOURCES.md §4), so alerthook ships one (`alerthook template cls`) and
 * reads what it renders, and a user's own JSON keyed by CLS's variable names.
 */
export const clsManifest: SourceManifest = {
  name: 'cls',
  title: 'Tencent Cloud Log Service (CLS)',
  noun: 'alarm notification',
  pathSegment: 'cls',
  sample: { file: 'cls/samples/alarm.json', headers: {} },
  template: CLS_TEMPLATE,
  looksLike: (body) => looksLikeLogAlarm(body, 'cls', ['RecordGroupId', 'RecordId', 'AlarmName']),
  consoleSteps: (url) => [
    `CLS → 监控告警 → 通知渠道组 → 接口回调 (自定义接口回调, POST) of ${url.replace(/\/+$/, '')}/cls.`,
    `Run \`alerthook template cls\` and paste its body and headers into ${CLS_TEMPLATE.where}; the Authorization header carries ALERTHOOK_TOKEN.`,
  ],
};
