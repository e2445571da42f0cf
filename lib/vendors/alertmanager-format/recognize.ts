import { isPlainObject } from '../../json/json-value.js';

/**
 * Whether a parsed body is shaped like an Alertmanager webhook notification: an `alerts` array whose
 * entries have `labels`. No Cloud Monitor callback of either cloud has a top-level `alerts`.
 */
export function looksLikeAlertmanagerNotification(body: unknown): body is { alerts: unknown[] } & Record<string, unknown> {
  if (!isPlainObject(body) || !Array.isArray(body.alerts)) return false;
  return body.alerts.every((alert) => isPlainObject(alert) && 'labels' in alert);
}

/** Labels only Volcengine VMP puts on its alerts (`internal_label_alert_id`, `internal_label_alert_level`). */
const VMP_LABEL = /^internal_label_alert_/;

/** Whether a notification carries VMP's additions: its `alertingRuleName` or its internal labels. */
export function looksLikeVmpNotification(body: unknown): boolean {
  if (!looksLikeAlertmanagerNotification(body)) return false;
  if (typeof body.alertingRuleName === 'string') return true;
  const labelsOf = (value: unknown) => (isPlainObject(value) ? Object.keys(value) : []);
  return [body.groupLabels, body.commonLabels, ...body.alerts.map((alert) => (alert as Record<string, unknown>).labels)].some((labels) =>
    labelsOf(labels).some((name) => VMP_LABEL.test(name)),
  );
}
