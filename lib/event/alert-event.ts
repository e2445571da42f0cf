import * as z from 'zod';

/**
 * The alert event contract, version 1: what every sink receives and every consumer reads.
 * A CloudEvents 1.0 structured-mode envelope whose `data` is the same shape for both vendors.
 *
 * Changes within v1 only add optional fields. Anything else is v2, with a new `type`,
 * `dataschema` and `schemaVersion`, so a consumer can tell the two apart without guessing.
 * `schema/alert-event.v1.json` is generated from this file (`alerthook schema`); a test fails
 * when they drift.
 */

import { ALERT_EVENT_DATASCHEMA, ALERT_EVENT_TYPE, ALERT_SCHEMA_VERSION } from './constants.js';
import { VENDOR_NAMES } from './vendor-names.js';

export { ALERT_EVENT_DATASCHEMA, ALERT_EVENT_TYPE, ALERT_SCHEMA_VERSION };

// UTC with a Z, whole or fractional seconds: what toRfc3339 writes.
const Rfc3339Utc = z.iso.datetime();
const StringMap = z.record(z.string(), z.string());
const Hex128 = z.string().regex(/^[0-9a-f]{32}$/);

/** The registered vendors (lib/event/vendor-names.ts, generated from the vendor registry). */
export const VendorNameSchema = z.enum(VENDOR_NAMES);
export const AlertKindSchema = z.enum(['metric', 'event', 'nodata']);
export const AlertStatusSchema = z.enum(['firing', 'resolved']);
export const AlertSeveritySchema = z.enum(['critical', 'warning', 'info']);

export const AlertMetricSchema = z
  .object({
    name: z.string(),
    displayName: z.string().nullable(),
    unit: z.string().nullable(),
    /** Comparison the rule applies, e.g. `>`; null where the vendor does not say. */
    operator: z.string().nullable(),
    threshold: z.number().nullable(),
    /** Null where the vendor sent no value or a non-number such as `"NaN"` (kept in `raw`). */
    value: z.number().nullable(),
    /** `evaluated`: compared against its threshold; `nodata`: had no data points; `dropped`: could not be evaluated. */
    group: z.enum(['evaluated', 'nodata', 'dropped']),
    /** Whether this metric is one that breached, where the vendor says (Volcengine `Warning`). */
    breaching: z.boolean().nullable(),
    /** Why a dropped metric was dropped (Volcengine `Reason`). */
    reason: z.string().nullable(),
    periodSeconds: z.number().nullable(),
    periods: z.number().nullable(),
  })
  .describe('One metric of the alarm condition.');

export const AlertRuleSchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  /** The condition as text, e.g. `cpu_usage > 90 %` or Volcengine's `RuleCondition`. */
  condition: z.string().nullable(),
  /** Tencent policy type (`cvm_device`) and its display name; null for Volcengine. */
  type: z.string().nullable(),
  typeName: z.string().nullable(),
  /**
   * Tencent's repeat-notification mode (`singleAlarm`, `continuousAlarm`, `exponentialAlarm`) and its
   * period in seconds; null for `singleAlarm`, which does not repeat (its number stays in `raw`).
   */
  notifyType: z.string().nullable(),
  notifyPeriodSeconds: z.number().nullable(),
  /** The rule in the vendor's console, where the vendor gives a link (Tencent `policyDetailURL`). Added in 0.2; optional. */
  url: z.url({ protocol: /^https?$/ }).optional(),
});

export const AlertResourceSchema = z.object({
  /** The cloud resource the alarm is about: the instance id where the vendor gives one. */
  id: z.string().nullable(),
  name: z.string().nullable(),
  region: z.string().nullable(),
  /** Product namespace: Tencent `qce/cvm`, Volcengine `VCM_ECS` (with `/SubNamespace`) or the event source. */
  namespace: z.string().nullable(),
  /** Every dimension the vendor sent, flattened to strings (`objDetail.deviceLanIp`). */
  dimensions: StringMap,
});

export const AlertEventDetailSchema = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  /** The vendor's id for this occurrence of the event, where it has one. */
  id: z.string().nullable(),
  source: z.string().nullable(),
  description: z.string().nullable(),
  /** Vendor-specific detail: Tencent `additionalMsg` as a map, Volcengine `Details` (a CloudEvent of its own). */
  details: z.unknown(),
});

export const AlertDataSchema = z.object({
  schemaVersion: z.literal(ALERT_SCHEMA_VERSION),
  vendor: VendorNameSchema,
  kind: AlertKindSchema,
  status: AlertStatusSchema,
  severity: AlertSeveritySchema,
  /** Same for every notification of one alert over its life (firing, repeats, recovery). */
  fingerprint: Hex128,
  startsAt: Rfc3339Utc,
  /**
   * Null while firing; always set when resolved: the vendor's recovery time, else when the recovery
   * was sent. (Events written before 0.2 could be resolved with a null end.)
   */
  endsAt: Rfc3339Utc.nullable(),
  rule: AlertRuleSchema,
  resource: AlertResourceSchema,
  account: z.object({ id: z.string().nullable(), project: z.string().nullable() }),
  metrics: z.array(AlertMetricSchema),
  event: AlertEventDetailSchema.nullable(),
  /** Flat strings for routing: vendor, kind, status, severity, rule, resource, region, tags. */
  labels: StringMap,
  summary: z.string(),
  /** Vendor headers of the delivery (`x-volc-*`); Volcengine retries carry the same `traceId`. */
  delivery: z.object({ traceId: z.string().nullable(), headers: StringMap }),
  /** The vendor payload this event came from: for Volcengine, the top-level fields plus this resource's entry. */
  raw: z.unknown(),
});

const ALERT_EVENT_META = {
  id: 'AlertEvent',
  title: 'alerthook alert event v1',
  description: 'A normalized cloud monitor alarm in a CloudEvents 1.0 structured-mode envelope.',
};

export const AlertEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    /** Deterministic: byte-identical redeliveries give the same id. */
    id: Hex128,
    source: z.string().min(1),
    type: z.literal(ALERT_EVENT_TYPE),
    subject: z.string().min(1).optional(),
    time: Rfc3339Utc,
    datacontenttype: z.literal('application/json'),
    dataschema: z.literal(ALERT_EVENT_DATASCHEMA),
    data: AlertDataSchema,
  })
  .meta(ALERT_EVENT_META);

export type AlertEvent = z.infer<typeof AlertEventSchema>;
export type AlertData = AlertEvent['data'];
export type AlertMetric = z.infer<typeof AlertMetricSchema>;
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;
export type AlertStatus = z.infer<typeof AlertStatusSchema>;
export type AlertKind = z.infer<typeof AlertKindSchema>;
export type VendorName = z.infer<typeof VendorNameSchema>;

/** For consumers: throws a ZodError naming every field that does not match the contract. */
export function parseAlertEvent(value: unknown): AlertEvent {
  return AlertEventSchema.parse(value);
}

export function safeParseAlertEvent(value: unknown) {
  return AlertEventSchema.safeParse(value);
}

/**
 * The published JSON Schema (draft 2020-12) of the contract. Generated in zod's `input` mode so
 * objects stay open (no `additionalProperties: false`): a v1 consumer that validates with it
 * keeps working when v1 gains an optional field. `vendorNames` is for `npm run schema`, which writes
 * the names from the vendor registry before they are compiled into VENDOR_NAMES.
 */
export function alertEventJsonSchema(vendorNames: readonly string[] = VENDOR_NAMES): Record<string, unknown> {
  const schema = AlertEventSchema.extend({ data: AlertDataSchema.extend({ vendor: z.enum(vendorNames as [string, ...string[]]) }) }).meta(
    ALERT_EVENT_META,
  );
  return {
    $id: ALERT_EVENT_DATASCHEMA,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
  };
}
