import type { AlerthookConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { createCallbackReceiver, type CallbackReceiver } from '../pipeline/receive-callback.js';
import type { Sink } from '../pipeline/delivery.js';
import { sendHeartbeat } from '../pipeline/send-heartbeat.js';
import { createRedriver, type Redriver } from '../redrive/redriver.js';
import type { FallbackStore } from '../sinks/fallback-store.js';
import { loadVendors } from '../vendors/registry.js';
import { sourcesOf } from '../vendors/vendor-sources.js';
import { startHttpReceiver, type HttpReceiverOptions, type RunningHttpServer } from '../transports/http-receiver.js';

/** Where to listen and how patiently, as for any HTTP receiver, plus what to receive with. */
export interface LocalServerOptions
  extends Pick<HttpReceiverOptions, 'host' | 'port' | 'log' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'timeoutCheckMs'> {
  config: AlerthookConfig;
  /** The sink, or how to open it (tried again on each callback until it opens: a fallback takes them meanwhile). */
  sink: Sink | (() => Promise<Sink>);
  /** The fallback store (ALERTHOOK_FALLBACK), redriven every `config.redriveIntervalMs` and before callbacks. */
  fallback?: FallbackStore;
}

export interface LocalServer extends RunningHttpServer {
  /** The redrive of the fallback store; null without one. */
  readonly redriver: Redriver | null;
}

/**
 * Every registered vendor at its path (`POST /tencent`, `POST /volcengine`), each taking all its
 * sources there and each source also at `/<vendor>/<source>` (`POST /tencent/prometheus`), over the
 * same pipeline the functions run.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config, sink, fallback, ...listening } = options;
  const openSink = typeof sink === 'function' ? sink : async () => sink;
  const receivers = new Map<string, CallbackReceiver>();
  const loaded = await loadVendors();
  const vendors = Object.values(loaded);
  const { log } = options;
  const redriver =
    fallback === undefined
      ? null
      : createRedriver({
          store: async () => fallback,
          sink: openSink,
          vendors: loaded,
          settings: config.normalize,
          by: 'alerthook serve',
          log,
        });
  const paths: string[] = [];
  for (const vendor of vendors) {
    const receiver = createCallbackReceiver({
      vendor,
      otherVendors: vendors,
      config,
      mode: 'local',
      sink: openSink,
      ...(fallback === undefined || redriver === null ? {} : { fallback: async () => fallback, drainDeferred: redriver.drain }),
      log,
    });
    receivers.set(vendor.httpPath, receiver);
    paths.push(vendor.httpPath);
    for (const source of sourcesOf(vendor))
      if (source.pathSegment !== '') receivers.set(`${vendor.httpPath}/${source.pathSegment}`, receiver);
  }
  const running = await startHttpReceiver({
    route: (path) => receivers.get(path),
    notFound: paths.map((path) => `POST ${path}`).join(' or '),
    maxBodyBytes: () => config.maxBodyBytes,
    transport: 'local-http',
    ...listening,
  });
  // The local server's own schedule, so deferred alarms arrive (and heartbeats go out) without a
  // cloud's timer or anyone acting.
  const tick = async () => {
    const summary =
      redriver === null
        ? null
        : await redriver.run({ trigger: 'schedule' }).catch((error: unknown) => {
            log({ level: 'warn', msg: 'redrive', trigger: 'schedule', detail: `cannot redrive: ${errorMessage(error).slice(0, 300)}` });
            return null;
          });
    if (!config.heartbeat) return;
    for (const vendor of vendors)
      await sendHeartbeat(
        openSink,
        {
          vendor: vendor.name,
          runtime: 'serve',
          intervalMs: config.redriveIntervalMs,
          deferredWaiting: summary?.remaining ?? null,
        },
        log,
      );
  };
  // One tick at a time; closing waits for the one under way, so nothing is written after close.
  let ticking: Promise<void> | null = null;
  const schedule =
    redriver === null && !config.heartbeat
      ? undefined
      : setInterval(() => {
          ticking ??= tick().finally(() => (ticking = null));
        }, config.redriveIntervalMs);
  schedule?.unref();
  return {
    ...running,
    redriver,
    close: async () => {
      clearInterval(schedule);
      await ticking;
      await running.close();
    },
  };
}
