import type { FingerprintField } from '../vendor.js';

/** What identifies one log alarm over its life, from trigger through repeats to recovery. */
export interface LogAlarmIdentity {
  /** The source within its vendor (`cls`, `tls`), so no other source's alarm can share the fingerprint. */
  readonly source: string;
  /** The alarm policy's id: two policies never share a fingerprint. */
  readonly alarmId: string;
  /**
   * What tells this policy's incidents apart: CLS's RecordGroupId (the same from trigger to
   * recovery, one per group), or, where the service has no such id (TLS), the group's values.
   */
  readonly group: readonly (readonly [string, string])[];
}

/** One JSON part for the group, sorted, so no value can fake a boundary and order does not matter. */
export const LOG_ALARM_FINGERPRINT: readonly FingerprintField<LogAlarmIdentity>[] = [
  { name: 'source', value: (a) => a.source },
  { name: 'alarmId', value: (a) => a.alarmId },
  { name: 'group', value: (a) => JSON.stringify([...a.group].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) },
];
