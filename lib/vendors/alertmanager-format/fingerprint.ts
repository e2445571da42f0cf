import type { FingerprintField } from '../vendor.js';

/** What identifies one Alertmanager-format alert over its life. */
export interface AlertmanagerAlertIdentity {
  /** The source within its vendor (`prometheus`), so no other source's alert can share the fingerprint. */
  readonly source: string;
  /** The alert's labels, less those its sender changes from one notification to the next. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * An Alertmanager alert is its label set: `alertname` (the rule) and the series' labels. The
 * sender's own `fingerprint` is a hash of the same labels (FNV-1a, prometheus/common
 * `labelSetToFingerprint`), but not every sender computes it over the labels it sends (VMP sends
 * `d41d8cd98f00b204`, the empty set's, for labelled alerts), so it is recomputed here, over the labels
 * sorted by name (one JSON part, so no value can fake a boundary).
 */
export const ALERTMANAGER_FINGERPRINT: readonly FingerprintField<AlertmanagerAlertIdentity>[] = [
  { name: 'source', value: (a) => a.source },
  {
    name: 'labels',
    value: (a) =>
      JSON.stringify(
        Object.keys(a.labels)
          .sort()
          .map((name) => [name, a.labels[name]]),
      ),
  },
];

/** The labels that identify the alert: all but the sender's volatile ones. */
export function identityLabels(labels: Readonly<Record<string, string>>, volatile: ReadonlySet<string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) if (!volatile.has(name)) kept[name] = value;
  return kept;
}
