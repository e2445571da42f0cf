/**
 * Volcengine VMP webhook notifications, built field by field from the facts in
 * ../shared/ALERT-SOURCES.md §3 (the documented sample's keys and the real captures' additions), not
 * copied from any capture. Each field says which fact it stands for.
 */

/** §3: `alertname` is the rule's id, a UUID; `alertingRuleName` (top level, real captures) its name. */
export const VMP_RULE_ID = '7f9c2ba4-e88f-4d1c-9b7a-2c5e1d3f4a6b';
export const VMP_RULE_NAME = 'node CPU above 90%';
/** §3: real VMP notifications carry the empty label set's FNV-1a hash as `fingerprint` for labelled alerts. */
export const EMPTY_SET_FINGERPRINT = 'd41d8cd98f00b204';

export interface VmpAlertFacts {
  status: 'firing' | 'resolved';
  /** §3 `internal_label_alert_id`: the incident id, a new one for each re-fire of the same series. */
  alertId: string;
  /** §3 `internal_label_alert_level`: P0 / P1 / P2. */
  level: string;
  /** The series' own labels. */
  series: Record<string, string>;
  /** §3: RFC 3339 with +08:00. */
  startsAt: string;
  /** §3: the doc sample has the zero time on a firing alert; real captures omit it (`undefined` here). */
  endsAt?: string;
  currentValue?: string;
  summary?: string;
}

export function vmpAlert(facts: VmpAlertFacts): Record<string, unknown> {
  const labels = {
    alertname: VMP_RULE_ID,
    account_id: '2100000001',
    internal_label_alert_id: facts.alertId,
    internal_label_alert_level: facts.level,
    ...facts.series,
  };
  const annotations: Record<string, string> = {
    // §3: JSON strings, the comparator JSON-escaped.
    __alerting_rule_levels__: JSON.stringify([
      { AlertingRuleID: VMP_RULE_ID, Level: facts.level, For: '1m', Comparator: '>', Threshold: 90 },
    ]).replace('>', '\\u003e'),
    __alerting_rule_query__: JSON.stringify({
      AlertingRuleID: VMP_RULE_ID,
      PromQL: 'avg by (instance) (node_cpu_usage)',
      WorkspaceID: 'ws-1',
    }),
    __alerting_rule_type__: 'vmp/PromQL',
    ...(facts.currentValue === undefined ? {} : { __alerting_resource_current_value__: facts.currentValue }),
    ...(facts.summary === undefined ? {} : { summary: facts.summary }),
  };
  return {
    status: facts.status,
    labels,
    annotations,
    startsAt: facts.startsAt,
    ...(facts.endsAt === undefined ? {} : { endsAt: facts.endsAt }),
    generatorURL: '', // §3: empty string in the sample
    // §3: the console link carries the incident id as detail_id.
    alertURL: `https://console.volcengine.com/prometheus/region:prometheus+cn-beijing/alert/alerting?detail_id=${facts.alertId}`,
    fingerprint: EMPTY_SET_FINGERPRINT,
  };
}

/** §3 top level: status, alerts, groupLabels (alertname + level), common labels/annotations, alertingRuleName; no version, groupKey, receiver. */
export function vmpNotification(alerts: Record<string, unknown>[], level = 'P0'): Record<string, unknown> {
  const anyFiring = alerts.some((alert) => alert.status === 'firing');
  return {
    status: anyFiring ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: VMP_RULE_ID, internal_label_alert_level: level },
    commonLabels: { alertname: VMP_RULE_ID, internal_label_alert_level: level },
    commonAnnotations: {},
    alertingRuleName: VMP_RULE_NAME,
  };
}
