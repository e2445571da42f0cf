import { looksLikeLogAlarm } from '../../log-alarm-format/recognize.js';
import type { SourceManifest } from '../../source.js';

/** Where alerthook's template goes in the console (the template itself is in template.ts). */
const WHERE =
  'CLS → 监控告警 → 通知内容模板 → 新建: 通知渠道 自定义接口回调 (Http), one for 告警触发 and the same for 告警恢复; then bind the template in your 通知渠道组 whose 接口回调 is your function URL';

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
  template: {
    where: WHERE,
    load: async () => (await import('./template.js')).CLS_TEMPLATE,
  },
  looksLike: (body) => looksLikeLogAlarm(body, 'cls', ['RecordGroupId', 'RecordId', 'AlarmName']),
  consoleSteps: (url) => [
    `CLS → 监控告警 → 通知渠道组 → 接口回调 (自定义接口回调, POST) of ${url.replace(/\/+$/, '')}/cls.`,
    `Run \`alerthook template cls\` and paste its body and headers into ${WHERE}; the Authorization header carries ALERTHOOK_TOKEN.`,
  ],
};
