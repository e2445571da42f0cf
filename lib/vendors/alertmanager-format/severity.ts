import type { AlertSeverity } from '../../event/alert-event.js';

/**
 * `labels.severity` as Prometheus rules spell it. There is no standard list: the Prometheus docs'
 * examples use `critical`/`warning`/`info` and `page`; kube-prometheus uses `critical`, `warning`,
 * `info`, `none`; PagerDuty's Events API adds `error`. The contract has three levels: `error` and
 * `page` (someone is woken) go with critical, `none`/`debug` with info.
 */
const SPELLINGS: Readonly<Record<string, AlertSeverity>> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  emerg: 'critical',
  alert: 'critical',
  page: 'critical',
  error: 'critical',
  err: 'critical',
  high: 'critical',
  major: 'critical',
  severe: 'critical',
  serious: 'critical',
  disaster: 'critical',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  average: 'warning',
  minor: 'warning',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  debug: 'info',
  none: 'info',
  ok: 'info',
};

/** The contract's severity for a `severity` label's value; null for a spelling not known. */
export function severityOfLabel(value: string | undefined): AlertSeverity | null {
  if (value === undefined) return null;
  return SPELLINGS[value.trim().toLowerCase()] ?? null;
}
