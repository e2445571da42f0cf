import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import { parseZonedTime } from '../../time/vendor-time.js';
import { driftTypes, looseObject } from '../drift.js';
import { builtOnce } from '../built-once.js';

/**
 * Alertmanager's webhook notification, payload version "4" (prometheus/alertmanager
 * `notify/webhook/webhook.go`, `template/template.go`; ../shared/ALERT-SOURCES.md §1), loose enough
 * for the managed services that imitate it: Volcengine VMP leaves out `version`, `groupKey`,
 * `receiver`, `externalURL` and, on firing alerts, `endsAt`, and adds `alertingRuleName` and
 * `alertURL` (§3). Every field the normalizer does not read is kept, in `raw`.
 */

/*
 * Every transform is a named export: the compiled validator (schema.compiled.ts, from
 * `npm run schema`) imports them by name.
 */

/** Label and annotation values are strings in Alertmanager; a number or a null from an imitator becomes text. */
export function stringMapOf(value: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value ?? {})) {
    if (item === null || item === undefined) continue;
    out[name] = typeof item === 'string' ? item : typeof item === 'object' ? JSON.stringify(item) : String(item);
  }
  return out;
}

const TIME_EXPECTED = 'expected an RFC 3339 time with its zone, like "2026-11-24T19:31:00+08:00"';

/** RFC 3339 with any offset (`Z` from Prometheus, `+08:00` from VMP), fractional seconds allowed. */
export function zonedTimeOf(value: string, context: core.ParsePayload): Date {
  const time = parseZonedTime(value);
  if (time === null) context.issues.push({ code: 'custom', message: TIME_EXPECTED, input: value });
  return time as Date;
}

/** Go's zero time.Time, as Alertmanager writes it for an alert not yet ended (any year 1 time, any zone). */
const GO_ZERO_TIME = /^0001-01-01T/;

/** An end time that may be absent, empty, or Alertmanager's zero time (`0001-01-01T00:00:00Z`, "not ended"). */
export function optionalEndOf(value: string | null | undefined, context: core.ParsePayload): Date | null {
  if (value === undefined || value === null || value === '' || GO_ZERO_TIME.test(value)) return null;
  const time = parseZonedTime(value);
  if (time === null) context.issues.push({ code: 'custom', message: TIME_EXPECTED, input: value });
  return time;
}

/** Every part of the notification's schema, built on its first use, not at load. */
function buildAlertmanagerSchemas() {
  const { optionalText, optionalNumber } = driftTypes();
  const StringMap = z.pipe(z.nullish(z.record(z.string(), z.unknown())), z.transform(stringMapOf));
  const zonedTime = z.pipe(z.string(), z.transform(zonedTimeOf));
  const optionalEnd = z.pipe(z.optional(z.union([z.string(), z.null()])), z.transform(optionalEndOf));

  const alert = looseObject({
    /** Per alert: one notification can carry firing and resolved alerts together. */
    status: z.optional(z.enum(['firing', 'resolved'])),
    labels: StringMap,
    annotations: StringMap,
    startsAt: zonedTime,
    endsAt: optionalEnd,
    generatorURL: optionalText,
    /** VMP: the alert in its console (`…/alert/alerting?detail_id=<internal_label_alert_id>`). */
    alertURL: optionalText,
    /** The sender's hash of the labels: kept, never trusted alone (VMP sends the empty set's hash). */
    fingerprint: optionalText,
  });

  const notification = looseObject({
    version: optionalText,
    groupKey: optionalText,
    truncatedAlerts: optionalNumber,
    status: z.optional(z.enum(['firing', 'resolved'])),
    receiver: optionalText,
    groupLabels: StringMap,
    commonLabels: StringMap,
    commonAnnotations: StringMap,
    externalURL: optionalText,
    /** VMP: the rule's human name, where `labels.alertname` is its id (a UUID). */
    alertingRuleName: optionalText,
    alerts: z.array(alert),
  });
  return { alert, notification };
}

const schemas = builtOnce(buildAlertmanagerSchemas);

/** The notification's schema, built on its first use (the pipeline validates with the compiled validator first). */
export const alertmanagerNotificationSchema = () => schemas().notification;

export type AlertmanagerNotification = z.output<ReturnType<typeof buildAlertmanagerSchemas>['notification']>;
export type AlertmanagerAlert = z.output<ReturnType<typeof buildAlertmanagerSchemas>['alert']>;
