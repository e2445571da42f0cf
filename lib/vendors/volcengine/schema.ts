import * as z from 'zod/mini';
import { parseVendorJson } from '../../json/parse-vendor-json.js';
import { fromUnixSeconds, parseZonedTime } from '../../time/vendor-time.js';
import { isPlainObject } from '../../json/json-value.js';
import { builtOnce } from '../built-once.js';
import { driftTypes, list, looseObject, toFiniteNumberOrNull } from '../drift.js';

/**
 * Volcengine CloudMonitor callbacks: metric rules (volcengine.com/docs/6408/1253458) and event
 * rules (docs.byteplus.com/api/docs/cloudmonitor/Content-of-a-webhook-request-of-the-event-type),
 * plus fields seen in real code beyond the docs (`AlertGroupId`, `Project`, `Tags`,
 * `Metrics[].Warning`, `DroppedMetrics[].Reason`, `Dimensions[].Description`).
 * The four resource lists and `Rules` may be absent or `null`.
 */

/*
 * Every transform and refinement is a named export: the compiled validator (schema.compiled.ts,
 * from `npm run schema`) imports them by name.
 */

export function unixSecondsAsTime(value: number | null): Date | null {
  return value === null ? null : fromUnixSeconds(value);
}

/**
 * `2024-04-11 14:51:01(UTC+08:00)` (or another explicit offset, see parseZonedTime) in metric
 * callbacks; Unix seconds (a number or digits) in event callbacks. Null when it cannot be read, or
 * is absent: whether that rejects the callback depends on whether it has another time to go by.
 */
export function happenedAtOf(value: string | number | null | undefined): Date | null {
  if (value === undefined || value === null) return null;
  const seconds = typeof value === 'number' || /^\d+(\.\d+)?$/.test(value.trim()) ? toFiniteNumberOrNull(value) : null;
  return seconds !== null ? fromUnixSeconds(seconds) : typeof value === 'string' ? parseZonedTime(value) : null;
}

export function isTime(time: Date | null): boolean {
  return time !== null;
}

export function asTime(time: Date | null): Date {
  return time as Date;
}

/** `Details` is documented both as an object and as a string holding the event's JSON; accept both. */
export function detailsOf(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  const parsed = parseVendorJson(value);
  return parsed.ok ? parsed.value : value;
}

type ResourceLists = Record<ResourceListName, readonly { LastAlertTime: Date | null }[]>;

/** A callback that names no resource would yield no event and be acknowledged with nothing stored; dead-lettering it keeps it. */
export function namesSomeResource(callback: ResourceLists): boolean {
  return RESOURCE_LISTS.some((name) => callback[name].length > 0);
}

/**
 * Each resource's LastAlertTime is an unambiguous time of its own: an unreadable HappenedAt is a
 * reason to refuse the callback only when some resource lacks one.
 */
export function hasTimeToGoBy(callback: ResourceLists & { HappenedAt: Date | null }): boolean {
  return (
    callback.HappenedAt !== null || RESOURCE_LISTS.every((name) => callback[name].every((resource) => resource.LastAlertTime !== null))
  );
}

const HAPPENED_AT_EXPECTED =
  'expected a time with its zone, like "2024-04-11 14:51:01(UTC+08:00)" or "2024-04-11 14:51:01+08:00", or Unix seconds';

export const RESOURCE_LISTS = ['Resources', 'RecoveredResources', 'NoDataResources', 'NoDataRecoveredResources'] as const;
export type ResourceListName = (typeof RESOURCE_LISTS)[number];

/** The schemas, built on their first use (the pipeline validates with the compiled validator first). */
export const volcengineSchemas = builtOnce(() => {
  const { text, optionalText, optionalNumber } = driftTypes();
  const Tags = list(looseObject({ Key: text, Value: optionalText }));

  const MetricSchema = looseObject({
    Name: text,
    Unit: optionalText,
    Threshold: optionalNumber,
    /** May be the string "NaN": kept in raw, null here. */
    CurrentValue: optionalNumber,
    Description: optionalText,
    Warning: z.nullish(z.boolean()),
    Reason: optionalText,
  });

  const DimensionSchema = looseObject({
    Name: text,
    Value: optionalText,
    NameCN: optionalText,
    Description: optionalText,
  });

  const unixSecondsOrNull = z.pipe(optionalNumber, z.transform(unixSecondsAsTime));

  const resource = looseObject({
    Id: text,
    Name: optionalText,
    Region: optionalText,
    FirstAlertTime: unixSecondsOrNull,
    LastAlertTime: unixSecondsOrNull,
    Metrics: list(MetricSchema),
    NoDataMetrics: list(MetricSchema),
    DroppedMetrics: list(MetricSchema),
    Dimensions: list(DimensionSchema),
    Tags,
  });

  const happenedAt = z.pipe(z.optional(z.union([z.string(), z.number(), z.null()])), z.transform(happenedAtOf));

  const metric = looseObject({
    Type: z.enum(['Metric', 'MetricRecovered', 'MetricsNoData', 'NoDataRecovered']),
    AccountId: optionalText,
    RuleName: optionalText,
    RuleId: text,
    Namespace: optionalText,
    SubNamespace: optionalText,
    Level: optionalText,
    HappenedAt: happenedAt,
    RuleCondition: optionalText,
    AlertGroupId: optionalText,
    Project: optionalText,
    Tags,
    Resources: list(resource),
    RecoveredResources: list(resource),
    NoDataResources: list(resource),
    NoDataRecoveredResources: list(resource),
  }).check(
    z.refine(namesSomeResource, { message: `names no resource in ${RESOURCE_LISTS.join(', ')}` }),
    z.refine(hasTimeToGoBy, {
      message: `${HAPPENED_AT_EXPECTED} (no LastAlertTime on every resource to use instead)`,
      path: ['HappenedAt'],
    }),
  );

  const event = looseObject({
    Type: z.literal('Event'),
    AccountId: optionalText,
    Region: optionalText,
    Source: optionalText,
    ProjectName: optionalText,
    Id: text,
    EventType: text,
    Description: optionalText,
    DescriptionCN: optionalText,
    HappenedAt: z.pipe(happenedAt.check(z.refine(isTime, { message: HAPPENED_AT_EXPECTED })), z.transform(asTime)),
    Details: z.transform(detailsOf),
    Rules: list(looseObject({ RuleId: text, RuleName: optionalText, Level: optionalText })),
  });

  return { resource, metric, event, callback: z.discriminatedUnion('Type', [metric, event]) };
});

/** The callback's schema (metric or event, by `Type`), built on its first use. */
export const volcengineCallbackSchema = () => volcengineSchemas().callback;

type Schemas = ReturnType<typeof volcengineSchemas>;
export type VolcengineCallback = z.output<Schemas['callback']>;
export type VolcengineMetricCallback = z.output<Schemas['metric']>;
export type VolcengineEventCallback = z.output<Schemas['event']>;
export type VolcengineResource = z.output<Schemas['resource']>;

export function detailsField(details: unknown, key: string): string | null {
  if (!isPlainObject(details)) return null;
  const value = details[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
