import type { AlertKind } from '../../event/alert-event.js';
import type { FingerprintField } from '../vendor.js';

/**
 * Dimensions that describe a resource rather than say which part of it an alert is about. Every
 * other dimension identifies: the vendor documents Dimensions as the metric's dimensions (指标维度),
 * and multi-node products (Redis, MongoDB, RDS, Kafka) send one callback per node, told apart only
 * by a `Node` dimension. These are left out of the fingerprint because their values can change
 * between an alert's firing and its recovery: the resource's own id (already in the fingerprint),
 * its state (`Status: 运行中`, seen on a NoDataRecovered sample), and its addresses.
 */
export const DESCRIPTIVE_DIMENSIONS: ReadonlySet<string> = new Set([
  'resourceid',
  'status',
  'state',
  'ip',
  'ip.inside',
  'ip.outside',
  'privateip',
  'publicip',
  'eip',
]);

/** The dimensions that say which part of the resource an alert is about, as sorted `Name=Value`. */
export function identifyingDimensions(dimensions: Readonly<Record<string, string>>): string[] {
  return Object.entries(dimensions)
    .filter(([name]) => !DESCRIPTIVE_DIMENSIONS.has(name.toLowerCase()))
    .map(([name, value]) => `${name}=${value}`)
    .sort();
}

/** What identifies one resource's metric or no-data alert over its life, read from the validated callback. */
export interface VolcengineMetricIdentity {
  readonly ruleId: string;
  readonly kind: AlertKind;
  readonly namespace: string | null;
  readonly subNamespace: string | null;
  readonly region: string | null;
  readonly resourceId: string;
  /** identifyingDimensions(): the node, disk, … of the resource the alert is about. */
  readonly part: readonly string[];
}

/**
 * Not the level: one rule's firing and recovery must meet even if a sender omits it on one. The part
 * only where there is one, so resources without parts kept their 0.1 fingerprints.
 */
export const VOLCENGINE_METRIC_FINGERPRINT: readonly FingerprintField<VolcengineMetricIdentity>[] = [
  { name: 'rule', value: (a) => a.ruleId },
  { name: 'kind', value: (a) => a.kind },
  { name: 'namespace', value: (a) => a.namespace ?? '' },
  { name: 'sub-namespace', value: (a) => a.subNamespace ?? '' },
  { name: 'region', value: (a) => a.region ?? '' },
  { name: 'resource', value: (a) => a.resourceId },
  { name: 'part', value: (a) => a.part.join('&'), omitWhenEmpty: true },
];

/** What identifies an event-rule alert: the rules it matched, what happened, and to which resource. */
export interface VolcengineEventIdentity {
  readonly ruleIds: readonly string[];
  readonly source: string | null;
  readonly eventType: string;
  readonly region: string | null;
  readonly resourceId: string | null;
}

export const VOLCENGINE_EVENT_FINGERPRINT: readonly FingerprintField<VolcengineEventIdentity>[] = [
  { name: 'rules', value: (a) => [...a.ruleIds].sort().join(',') },
  { name: 'kind', value: () => 'event' },
  { name: 'source', value: (a) => a.source ?? '' },
  { name: 'event type', value: (a) => a.eventType },
  { name: 'region', value: (a) => a.region ?? '' },
  { name: 'resource', value: (a) => a.resourceId ?? '' },
];
