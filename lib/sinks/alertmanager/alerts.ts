import type { AlertEvent } from '../../event/alert-event.js';
import type { HeartbeatEvent } from '../../event/heartbeat-event.js';

/** An alert as Alertmanager's `POST /api/v2/alerts` takes it (its `postableAlert`). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/**
 * An event as an Alertmanager alert.
 *
 * Alertmanager identifies an alert by its label set, so the labels are only what stays the same from
 * an alert's firing to its recovery: who and what (vendor, kind, severity, rule, resource, region,
 * namespace, the resource's tags) and the fingerprint, which also tells apart the parts of one
 * resource (Volcengine nodes). Never the status, the event id, values or times: those are annotations.
 *
 * A firing alert is held open until `now + holdMs`: Alertmanager resolves an alert whose `endsAt` has
 * passed, and the clouds do not re-send a single-notification policy's alert. The vendor's recovery
 * posts the same labels with the recovery time and ends it.
 */
export function toPostableAlert(event: AlertEvent, options: { holdMs: number; now: Date }): PostableAlert {
  const { data } = event;
  const labels: Record<string, string> = isAlertmanagerFormat(event) ? ownLabels(event) : restatedLabels(event);
  const annotations: Record<string, string> = {
    summary: data.summary,
    description: describe(event),
    event_id: event.id,
    source: event.source,
    ...(data.rule.url === undefined ? {} : { console_url: data.rule.url }),
  };

  // Alertmanager refuses an end before the start; a recovery reported out of order ends where it began.
  const endsAt =
    data.status === 'resolved' && data.endsAt !== null
      ? Date.parse(data.endsAt) < Date.parse(data.startsAt)
        ? data.startsAt
        : data.endsAt
      : new Date(options.now.getTime() + options.holdMs).toISOString();
  return {
    labels: sanitizeLabels(labels),
    annotations,
    startsAt: data.startsAt,
    endsAt,
    ...(data.rule.url === undefined ? {} : { generatorURL: data.rule.url }),
  };
}

/** What a cloud monitor's alarm is, in labels that stay the same from its firing to its recovery. */
function restatedLabels(event: AlertEvent): Record<string, string> {
  const { data } = event;
  const labels: Record<string, string> = {
    alertname: data.rule.name ?? data.event?.name ?? data.metrics[0]?.name ?? data.rule.id ?? 'alerthook',
    vendor: data.vendor,
    kind: data.kind,
    severity: data.severity,
    rule_id: data.rule.id ?? '',
    resource_id: data.resource.id ?? '',
    resource_name: data.resource.name ?? '',
    region: data.resource.region ?? '',
    namespace: data.resource.namespace ?? '',
    fingerprint: data.fingerprint,
  };
  for (const [name, value] of Object.entries(data.labels)) if (name.startsWith('tag_')) labels[name] = value;
  return labels;
}

/**
 * Events of the managed Prometheus sources (`labels.source` "prometheus") were Alertmanager alerts
 * already: their own label set (kept in `resource.dimensions`) is their identity in the user's
 * Alertmanager too, with `vendor` and `severity` added only where the rule set none. Restating
 * them as alerthook labels would make a second, differently named copy of each.
 */
function isAlertmanagerFormat(event: AlertEvent): boolean {
  return event.data.labels.source === 'prometheus';
}

function ownLabels(event: AlertEvent): Record<string, string> {
  const { data } = event;
  return { vendor: data.vendor, severity: data.severity, ...data.resource.dimensions };
}

/** The condition and what was measured, one line each. */
function describe(event: AlertEvent): string {
  const { data } = event;
  const measured = data.metrics
    .filter((metric) => metric.breaching !== false)
    .map((metric) => {
      const unit = metric.unit ?? '';
      const threshold = metric.threshold === null ? '' : ` (threshold ${metric.operator ?? ''}${metric.threshold}${unit})`;
      return `${metric.displayName ?? metric.name}: ${metric.value ?? 'no value'}${metric.value === null ? '' : unit}${threshold}`;
    });
  return [data.rule.condition, ...measured, data.event?.description ?? null]
    .filter((line): line is string => line !== null && line !== '')
    .join('\n');
}

/**
 * Label names as Alertmanager takes them (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting `__`, which is
 * reserved); empty values left out, as Alertmanager treats an empty label as an absent one.
 */
export function sanitizeLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (value === '') continue;
    let clean = name.replace(/[^a-zA-Z0-9_]/g, '_');
    if (/^[0-9]/.test(clean)) clean = `_${clean}`;
    clean = clean.replace(/^__+/, '_');
    if (clean === '' || clean === '_') continue;
    out[clean] = value;
  }
  return out;
}

/** The heartbeat's alert name; its labels stay the same from beat to beat, so each beat renews one alert. */
export const HEARTBEAT_ALERTNAME = 'AlerthookHeartbeat';

/**
 * A heartbeat as a dead man's switch, like Prometheus's `Watchdog`: an alert that is always firing
 * while alerthook runs, each beat pushing its end four intervals ahead. Route it to a receiver that
 * pages when the notifications stop (a dead man's snitch), or inhibit nothing with it and alarm
 * on its resolution (`send_resolved`): it resolves four intervals after the last beat.
 */
export function toHeartbeatAlert(event: HeartbeatEvent): PostableAlert {
  return {
    labels: { alertname: HEARTBEAT_ALERTNAME, vendor: event.data.vendor, runtime: event.data.runtime, severity: 'none' },
    annotations: {
      summary: `alerthook's ${event.data.runtime === 'function' ? 'scheduled trigger' : 'local server'} for ${event.data.vendor} is running`,
      description:
        `Always firing while alerthook's ${event.data.runtime === 'function' ? 'scheduled trigger' : 'local server'} runs: ` +
        `renewed every ${event.data.intervalSeconds} s. If it resolves, alerthook has gone silent.`,
      event_id: event.id,
      source: event.source,
    },
    startsAt: event.time,
    endsAt: event.data.expiresAt,
  };
}
