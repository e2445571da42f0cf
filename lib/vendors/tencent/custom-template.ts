import { isPlainObject } from '../../json/json-value.js';

/**
 * Variables of Cloud Monitor's notification content templates (通知内容模板; ../shared/ALERT-SOURCES.md
 * §6, VENDOR-NOTES "More seen in public receivers"): a policy whose 接口回调 is bound to a custom
 * template posts the user's own JSON, made of these, instead of the standard callback.
 */
const TEMPLATE_KEYS = new Set([
  'policy_name',
  'object',
  'content',
  'current_value_content',
  'console_link',
  'app_id',
  'tag_fmt',
  'alarm_status',
  'first_occur_time',
]);
const TEMPLATE_STATUS = /^(trigger|resolved|recovery)$/i;
const STANDARD_KEYS = ['alarmPolicyInfo', 'alarmStatus', 'sessionId', 'alarmObjInfo', 'firstOccurTime'];

/** Why a body Cloud Monitor's schema rejects is not a standard callback, when it was rendered from a custom template. */
export function customTemplateReason(body: unknown): string | null {
  if (!isPlainObject(body) || STANDARD_KEYS.some((key) => key in body)) return null;
  const keys = Object.keys(body);
  const templated = keys.filter((key) => TEMPLATE_KEYS.has(key));
  const status = typeof body.status === 'string' && TEMPLATE_STATUS.test(body.status);
  if (templated.length === 0 && !status) return null;
  return (
    'this looks like a body rendered from a custom notification content template (通知内容模板: ' +
    `${[...templated, ...(status ? [`status "${String(body.status)}"`] : [])].join(', ')}), not Cloud Monitor's standard alarm callback, ` +
    "which is the only one alerthook reads: bind the policy's 接口回调 to the preset content (使用预设通知内容, unedited), or to no content template"
  );
}
