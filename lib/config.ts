import { envValue, parseSwitch, type Env } from './env.js';
import { ConfigError } from './errors.js';
import type { AlertSeverity } from './event/alert-event.js';

export { ConfigError };

/**
 * All configuration comes from the environment, the one thing both function platforms and a
 * shell share. Read once per process (per warm instance), never per request.
 */
export interface AlerthookConfig {
  /** `ALERTHOOK_TOKEN`; null when unset. */
  readonly token: string | null;
  /** `ALERTHOOK_ALLOW_ANONYMOUS=1`: a deployed function accepts calls without a token configured. */
  readonly allowAnonymous: boolean;
  /** `ALERTHOOK_SINK`: where events go; several URLs separated by commas fan out. */
  readonly sinkUrl: string;
  /** `ALERTHOOK_DEAD_LETTER`: where bodies that are not valid alarms go; null = the first sink. */
  readonly deadLetterUrl: string | null;
  /**
   * `ALERTHOOK_FALLBACK`: a store that keeps raw bodies (file://, s3://), where a callback the sink
   * cannot take goes as a deferred letter until redrive delivers it; null = none (503 instead).
   */
  readonly fallbackUrl: string | null;
  /** `ALERTHOOK_REDRIVE_INTERVAL_MS`: how often `serve` (and the deployed timer, in minutes) redrives. */
  readonly redriveIntervalMs: number;
  /**
   * `ALERTHOOK_HEARTBEAT=1`: the scheduled trigger (and `serve`'s schedule) also sends a heartbeat
   * to the sink, so that downstream can alarm when alerthook goes silent. Off by default.
   */
  readonly heartbeat: boolean;
  /**
   * `ALERTHOOK_TIME_BUDGET_MS`: how long a callback may wait for its sinks before it is answered
   * 503. Below the vendors' own timeouts (Tencent 5 s, Volcengine 8 s), so the answer arrives.
   */
  readonly timeBudgetMs: number;
  /** `ALERTHOOK_MAX_BODY_BYTES`: larger bodies are answered 413. */
  readonly maxBodyBytes: number;
  readonly normalize: NormalizeSettings;
}

/** The settings every normalizer is given: the generic ones, and each vendor's own by name. */
export interface NormalizeSettings {
  readonly defaultSeverity: AlertSeverity;
  readonly vendors: Readonly<Record<string, unknown>>;
}

/** A vendor as the configuration sees it: a name, and how it reads its own `ALERTHOOK_<NAME>_*` variables. */
export interface VendorSettingsReader {
  readonly name: string;
  readSettings(env: Env): unknown;
}

export const DEFAULT_LOCAL_SINK = 'file://./data';
/** A function's only writable directory is /tmp; events there die with the instance (a warning says so). */
export const DEFAULT_FUNCTION_SINK = 'file:///tmp/alerthook';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_TIME_BUDGET_MS = 4000;
export const DEFAULT_REDRIVE_INTERVAL_MS = 60_000;

/**
 * The deployed timer's period for ALERTHOOK_REDRIVE_INTERVAL_MS: whole minutes, 1–59, since both
 * clouds' finest schedule is a minute. The function states the same period in its heartbeats.
 */
export function timerMinutes(intervalMs: number): number {
  return Math.min(59, Math.max(1, Math.round((Number.isFinite(intervalMs) ? intervalMs : DEFAULT_REDRIVE_INTERVAL_MS) / 60_000)));
}

/**
 * `vendors` are the ones this process receives (a function: its one vendor; the local server and the
 * CLI: every registered one): each reads its own settings, so a function is not refused for another
 * vendor's mistyped variable.
 */
export function loadConfig(env: Env, defaults: { sinkUrl: string; vendors: readonly VendorSettingsReader[] }): AlerthookConfig {
  return {
    token: sharedSecret(env.ALERTHOOK_TOKEN),
    allowAnonymous: isTrue(env, 'ALERTHOOK_ALLOW_ANONYMOUS'),
    sinkUrl: envValue(env, 'ALERTHOOK_SINK') ?? defaults.sinkUrl,
    deadLetterUrl: envValue(env, 'ALERTHOOK_DEAD_LETTER') ?? null,
    fallbackUrl: envValue(env, 'ALERTHOOK_FALLBACK') ?? null,
    redriveIntervalMs: positiveInteger(env, 'ALERTHOOK_REDRIVE_INTERVAL_MS', DEFAULT_REDRIVE_INTERVAL_MS, 'milliseconds'),
    heartbeat: isTrue(env, 'ALERTHOOK_HEARTBEAT'),
    timeBudgetMs: positiveInteger(env, 'ALERTHOOK_TIME_BUDGET_MS', DEFAULT_TIME_BUDGET_MS, 'milliseconds'),
    maxBodyBytes: positiveInteger(env, 'ALERTHOOK_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, 'bytes'),
    normalize: {
      defaultSeverity: severity(env),
      // Each vendor reads its own variables (ALERTHOOK_TENCENT_UTC_OFFSET, …).
      vendors: Object.fromEntries(defaults.vendors.map((vendor) => [vendor.name, vendor.readSettings(env)])),
    },
  };
}

/**
 * Unset or empty: no secret. Blank (only whitespace) is refused, not taken as unset: it is a secret
 * that failed to arrive (a quoting slip, an empty substitution), and running as if unset would open
 * `alerthook serve` to anyone with one easily missed warning; taken as the secret, it is guessable.
 */
function sharedSecret(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.trim() === '')
    throw new ConfigError('ALERTHOOK_TOKEN is blank (only whitespace): set it to the secret, or unset it to accept callbacks without one');
  return value;
}

function isTrue(env: Env, name: string): boolean {
  const on = parseSwitch(env[name]);
  if (on === undefined) throw new ConfigError(`${name} must be 1 or 0 (true/false, yes/no, on/off), got "${env[name]}"`);
  return on;
}

function positiveInteger(env: Env, name: string, fallback: number, unit: string): number {
  const value = envValue(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new ConfigError(`${name} must be a positive whole number of ${unit}, got "${value}"`);
  return Number(value);
}

function severity(env: Env): AlertSeverity {
  const value = envValue(env, 'ALERTHOOK_DEFAULT_SEVERITY');
  const text = value?.toLowerCase();
  if (text === undefined) return 'warning';
  if (text === 'critical' || text === 'warning' || text === 'info') return text;
  throw new ConfigError(`ALERTHOOK_DEFAULT_SEVERITY must be critical, warning or info, got "${value}"`);
}
