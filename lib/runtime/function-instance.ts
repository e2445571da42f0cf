import { ConfigError, DEFAULT_FUNCTION_SINK, DEFAULT_MAX_BODY_BYTES, loadConfig, timerMinutes, type AlerthookConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { stdoutLog, type LogLine } from '../log.js';
import { createCallbackReceiver } from '../pipeline/receive-callback.js';
import { sendHeartbeat } from '../pipeline/send-heartbeat.js';
import { openSinks } from '../sinks/open-sinks.js';
import { checkConfiguredSinks } from '../sinks/registry.js';
import type { Sink } from '../pipeline/delivery.js';
import { checkFallbackUrl, openFallbackStore, type FallbackStore } from '../sinks/fallback-store.js';
import { createRedriver, type Redriver } from '../redrive/redriver.js';
import { retryingOpener } from '../redrive/retrying-opener.js';
import { isScheduledPayload } from '../scheduled-payload.js';
import { monotonicMs } from '../time/monotonic.js';
import type { ScheduledTick } from '../transports/scheduled-tick.js';
import { redactSinkUrls } from '../sinks/sink-url.js';
import type { CallbackRequest, CallbackResponse } from '../pipeline/callback.js';
import { registeredVendors } from '../vendors/registry.js';
import type { AnyVendorProvider } from '../vendors/vendor.js';

/**
 * What a deployed function holds for the life of a warm instance, whatever calls it (an event
 * handler, or an HTTP server on a native runtime). Module load does nothing: the first request reads
 * the configuration and builds the receiver; the first one with something to store opens the sink.
 */
export interface FunctionInstance {
  readonly maxBodyBytes: number;
  receive(request: CallbackRequest): Promise<CallbackResponse>;
  /** The redrive of deferred letters (a scheduled trigger's work); null without a fallback store. */
  readonly redriver: Redriver | null;
  /** Whether a tick carries the argument deploy gave the timer (derived from the secret). */
  isDeployedTimer(tick: ScheduledTick): boolean;
  /**
   * A scheduled invocation (the deployed timer): redrives the fallback store, then sends the
   * heartbeat if it is on; what to answer the platform.
   */
  scheduled(tick: ScheduledTick): Promise<Record<string, unknown>>;
}

/**
 * A scheduled invocation's time, within the functions' 10 s timeout (serverless.yml): no batch is
 * started after 3.5 s, a batch is 5 letters (the deadline is checked between batches, and reading and
 * moving a letter in a bucket is a few calls each), one write may take 2 s and is tried twice; then
 * the heartbeat has its own 2 s (HEARTBEAT_BUDGET_MS). What is left waits for the next tick.
 */
const SCHEDULED_REDRIVE = { startMs: 3500, batchSize: 5, writeTimeoutMs: 2000, attemptsPerLetter: 2 } as const;

/** What a test (or an embedder) may set; a deployed function takes the process's environment and stdout. */
export interface FunctionInstanceOptions {
  env?: Readonly<Record<string, string | undefined>>;
  log?: LogLine;
}

/** When the platform fired the tick (a retried tick keeps its heartbeat id); now, if it does not say. */
function scheduledTime(tick: ScheduledTick): Date {
  const fired = Date.parse(tick.firedAt);
  return Number.isFinite(fired) ? new Date(fired) : new Date();
}

const NOT_CONFIGURED: CallbackResponse = {
  statusCode: 503,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"status":"error","error":"receiver not configured"}',
};

/**
 * Returns a getter that builds the instance on its first call and hands back the same one after.
 * `vendor` is the one vendor this function receives, imported directly so its bundle holds no other;
 * `platform` is for the start-up log line (`scf`, `vefaas`, `vefaas-native`).
 */
export function lazyFunctionInstance(
  vendor: AnyVendorProvider,
  platform: string,
  options: FunctionInstanceOptions,
): () => FunctionInstance {
  let instance: FunctionInstance | undefined;
  return () => (instance ??= createFunctionInstance(vendor, platform, options));
}

function createFunctionInstance(vendor: AnyVendorProvider, platform: string, options: FunctionInstanceOptions): FunctionInstance {
  const log = options.log ?? stdoutLog;
  const env = options.env ?? process.env;
  let config: AlerthookConfig;
  // A mistake in the sink's settings, kept while a fallback store takes the callbacks.
  let sinkConfigError: ConfigError | null = null;
  try {
    config = loadConfig(env, { sinkUrl: DEFAULT_FUNCTION_SINK, vendors: [vendor] });
    checkFallbackUrl(config.fallbackUrl);
    try {
      checkConfiguredSinks(env);
    } catch (error) {
      if (!(error instanceof ConfigError) || config.fallbackUrl === null) throw error;
      sinkConfigError = error;
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Refuse with a retryable answer: the vendor retries, and the operator sees this line once.
    log({ level: 'error', msg: `configuration error: ${error.message}` });
    return {
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      receive: async () => ({ ...NOT_CONFIGURED, headers: { ...NOT_CONFIGURED.headers } }),
      redriver: null,
      isDeployedTimer: () => false,
      scheduled: async () => ({ status: 'error', error: 'receiver not configured' }),
    };
  }

  const openSink = retryingOpener<Sink>(async () => {
    if (sinkConfigError !== null) throw sinkConfigError;
    return openSinks(config.sinkUrl, config.deadLetterUrl, env);
  });
  const fallbackUrl = config.fallbackUrl;
  const openFallback = fallbackUrl === null ? undefined : retryingOpener<FallbackStore>(() => openFallbackStore(fallbackUrl, env));
  if (sinkConfigError !== null)
    log({
      level: 'error',
      msg: `configuration error in the sink: ${sinkConfigError.message}; every callback is kept in the fallback store (ALERTHOOK_FALLBACK) until it is fixed`,
    });
  log({
    level: 'info',
    msg: 'alerthook starting',
    vendor: vendor.name,
    platform,
    sink: redactSinkUrls(config.sinkUrl),
    deadLetter: config.deadLetterUrl === null ? 'first sink' : redactSinkUrls(config.deadLetterUrl),
    fallback: fallbackUrl === null ? 'none (a sink outage longer than the vendor retries loses alarms)' : redactSinkUrls(fallbackUrl),
    heartbeat: config.heartbeat ? `every ${timerMinutes(config.redriveIntervalMs)} min, from the scheduled trigger` : 'off',
    auth:
      config.token !== null
        ? 'shared secret'
        : config.allowAnonymous
          ? 'anonymous (ALERTHOOK_ALLOW_ANONYMOUS)'
          : 'refusing (no ALERTHOOK_TOKEN)',
  });
  if (config.sinkUrl.startsWith('file:')) {
    log({
      level: 'warn',
      msg: 'file sink in a function: events are lost when the instance is recycled; set ALERTHOOK_SINK to a bucket or queue',
      sink: redactSinkUrls(config.sinkUrl),
    });
  }
  if (config.token === null && !config.allowAnonymous) {
    log({
      level: 'error',
      msg: 'ALERTHOOK_TOKEN is not set: every HTTP call will be refused with 503 until it is (or ALERTHOOK_ALLOW_ANONYMOUS=1)',
    });
  }
  const redriver =
    openFallback === undefined
      ? null
      : createRedriver({
          store: openFallback,
          sink: openSink,
          vendors: { [vendor.name]: vendor },
          settings: config.normalize,
          vendor: vendor.name,
          by: 'alerthook',
          log,
        });
  return {
    maxBodyBytes: config.maxBodyBytes,
    redriver,
    isDeployedTimer: (tick) => isScheduledPayload(tick.payload, config.token),
    async scheduled(tick) {
      if (!isScheduledPayload(tick.payload, config.token)) {
        log({ level: 'warn', msg: 'scheduled invocation ignored: its argument is not the one deploy set', transport: tick.transport });
        return { status: 'ignored' };
      }
      // Without a secret the argument is public, and on a native runtime the timer is an HTTP request
      // like any other: anyone could keep the heartbeat alive. Only a function with a token takes one.
      if (config.token === null && tick.transport === 'vefaas-native-timer') {
        log({
          level: 'warn',
          msg: 'scheduled invocation ignored: on a native runtime without ALERTHOOK_TOKEN an HTTP request could pose as the timer; set ALERTHOOK_TOKEN',
          transport: tick.transport,
        });
        return { status: 'ignored' };
      }
      if (redriver === null && !config.heartbeat) {
        log({
          level: 'info',
          msg: 'scheduled invocation: no fallback store (ALERTHOOK_FALLBACK) and no heartbeat (ALERTHOOK_HEARTBEAT), nothing to do',
          transport: tick.transport,
        });
        return { status: 'ok', redriven: 0 };
      }
      // A redrive that cannot start (the sink or the fallback will not open) is an error line; the
      // heartbeat and the tick's own line still go out, so the outage is seen.
      let redriveFailed: string | null = null;
      const summary =
        redriver === null
          ? null
          : await redriver
              .run({
                trigger: tick.transport,
                deadline: monotonicMs() + SCHEDULED_REDRIVE.startMs,
                batchSize: SCHEDULED_REDRIVE.batchSize,
                writeTimeoutMs: SCHEDULED_REDRIVE.writeTimeoutMs,
                attemptsPerLetter: SCHEDULED_REDRIVE.attemptsPerLetter,
              })
              .catch((error: unknown) => {
                redriveFailed = errorMessage(error).slice(0, 300);
                log({ level: 'error', msg: 'redrive', trigger: tick.transport, detail: `cannot redrive: ${redriveFailed}` });
                return null;
              });
      const heartbeat = config.heartbeat
        ? await sendHeartbeat(
            openSink,
            {
              vendor: vendor.name,
              runtime: 'function',
              intervalMs: timerMinutes(config.redriveIntervalMs) * 60_000,
              deferredWaiting: summary?.remaining ?? null,
              scheduledAt: scheduledTime(tick),
            },
            log,
          )
        : undefined;
      // One line per tick, letters or not: its absence in the log service is an alarm that alerthook went silent.
      log({
        level: 'info',
        msg: 'scheduled',
        transport: tick.transport,
        waiting: summary?.remaining ?? 0,
        redriven: summary?.redriven ?? 0,
        ...(redriveFailed === null ? {} : { redrive: 'failed' }),
        ...(heartbeat === undefined ? {} : { heartbeat: heartbeat ?? 'not sent' }),
      });
      return {
        status: heartbeat === null || redriveFailed !== null ? 'error' : 'ok',
        ...(redriveFailed === null ? {} : { error: `cannot redrive: ${redriveFailed}` }),
        ...(summary ?? { redriven: 0 }),
        ...(heartbeat === undefined ? {} : { heartbeat }),
      };
    },
    receive: createCallbackReceiver({
      vendor,
      // The other vendors' manifests (no schemas) let a misdirected body's dead letter name its endpoint.
      otherVendors: registeredVendors(),
      config,
      mode: 'function',
      sink: openSink,
      ...(openFallback === undefined || redriver === null ? {} : { fallback: openFallback, drainDeferred: redriver.drain }),
      log,
    }),
  };
}
