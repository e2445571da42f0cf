import type { AlertMetric, AlertSeverity } from '../../../event/alert-event.js';
import { parseVendorJson } from '../../../json/parse-vendor-json.js';
import { isPlainObject } from '../../../json/json-value.js';
import { toFiniteNumberOrNull } from '../../drift.js';
import type { AlertAdditions } from '../../alertmanager-format/normalize.js';
import type { AlertmanagerAlert, AlertmanagerNotification } from '../../alertmanager-format/schema.js';

/**
 * What VMP adds to the Alertmanager format (../shared/ALERT-SOURCES.md §3): `alertname` is the
 * rule's id (a UUID) and `alertingRuleName` its name; `internal_label_alert_level` is P0/P1/P2;
 * `internal_label_alert_id` is the incident's id, new on every re-fire; the annotations carry the
 * current value and, as JSON strings, the rule's levels and query.
 */
export const VMP_VOLATILE_LABELS: ReadonlySet<string> = new Set(['internal_label_alert_id']);

/** P0 is the most severe by convention (unconfirmed for VMP; Volcengine's dial tests document P0 = 严重). */
const LEVEL_SEVERITY: Readonly<Record<string, AlertSeverity>> = { P0: 'critical', P1: 'warning', P2: 'info' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function vmpAdditions(notification: AlertmanagerNotification, alert: AlertmanagerAlert): AlertAdditions {
  const { labels, annotations } = alert;
  const level = labels.internal_label_alert_level?.trim().toUpperCase();
  const alertname = labels.alertname ?? null;
  const query = jsonObject(annotations.__alerting_rule_query__);
  const ruleLevel = jsonArray(annotations.__alerting_rule_levels__).find(
    (entry) => isPlainObject(entry) && String(entry.Level ?? '').toUpperCase() === level,
  ) as Record<string, unknown> | undefined;
  const promql = typeof query?.PromQL === 'string' ? query.PromQL : null;
  const comparator = typeof ruleLevel?.Comparator === 'string' ? ruleLevel.Comparator : null;
  const threshold = toFiniteNumberOrNull(
    typeof ruleLevel?.Threshold === 'number' || typeof ruleLevel?.Threshold === 'string' ? ruleLevel.Threshold : null,
  );
  const current = annotations.__alerting_resource_current_value__;
  const isRuleId = alertname !== null && UUID.test(alertname);
  const ruleIdFromQuery = typeof query?.AlertingRuleID === 'string' ? query.AlertingRuleID : null;

  const metric: AlertMetric | null =
    current === undefined
      ? null
      : {
          name: labels.__name__ || 'value',
          displayName: null,
          unit: null,
          operator: comparator,
          threshold,
          value: toFiniteNumberOrNull(current),
          group: 'evaluated',
          breaching: null,
          reason: null,
          periodSeconds: null,
          periods: null,
        };
  return {
    severity: level === undefined ? null : (LEVEL_SEVERITY[level] ?? (/^P\d+$/.test(level) ? 'info' : null)),
    ruleId: isRuleId ? alertname : ruleIdFromQuery,
    ruleName: isRuleId ? (notification.alertingRuleName ?? alertname) : alertname,
    ruleType: annotations.__alerting_rule_type__ ?? null,
    condition: promql === null ? null : comparator === null || threshold === null ? promql : `${promql} ${comparator} ${threshold}`,
    summary: current === undefined ? null : `current value ${current}`,
    metric,
    accountId: labels.account_id || null,
  };
}

function jsonObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  const parsed = parseVendorJson(text);
  return parsed.ok && isPlainObject(parsed.value) ? parsed.value : null;
}

function jsonArray(text: string | undefined): unknown[] {
  if (text === undefined) return [];
  const parsed = parseVendorJson(text);
  return parsed.ok && Array.isArray(parsed.value) ? parsed.value : [];
}
