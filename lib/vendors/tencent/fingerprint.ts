import type { AlertKind } from '../../event/alert-event.js';
import type { FingerprintField } from '../vendor.js';

/** What identifies one Tencent alarm over its life, read from the validated callback. */
export interface TencentAlarmIdentity {
  readonly policyId: string | null;
  readonly policyType: string | null;
  readonly policyName: string | null;
  readonly kind: AlertKind;
  /** The metric's name, or the event's. */
  readonly metricOrEvent: string;
  readonly namespace: string | null;
  readonly region: string | null;
  /** Tencent's binding key `objId`, else the instance id, else all dimensions. */
  readonly object: string;
  /** The `alertId` level suffix (`Serious`, `Warn`, `Remind`): each level of a leveled policy is its own alert. */
  readonly level: string | null;
}

/** The same for a policy's firing, its repeats and its recovery; another policy, object or level is another alert. */
export const TENCENT_FINGERPRINT: readonly FingerprintField<TencentAlarmIdentity>[] = [
  // Event alarms may lack policyId: then its type and name stand for it.
  { name: 'policy', value: (a) => a.policyId ?? `${a.policyType ?? ''}/${a.policyName ?? ''}` },
  { name: 'kind', value: (a) => a.kind },
  { name: 'metric or event', value: (a) => a.metricOrEvent },
  { name: 'namespace', value: (a) => a.namespace ?? '' },
  { name: 'region', value: (a) => a.region ?? '' },
  { name: 'object', value: (a) => a.object },
  { name: 'level', value: (a) => a.level ?? '' },
];
