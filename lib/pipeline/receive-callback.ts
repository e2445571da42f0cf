import { SharedSecret } from '../auth/shared-secret.js';
import type { AlerthookConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { digest128, sha256Hex } from '../event/digest.js';
import type { LogLine } from '../log.js';
import { runWithin } from '../run-within.js';
import type { DeadLetter, DeferredStore, DrainDeferred, EncodedEvent, Sink } from './delivery.js';
import { deferredLetterId, withoutCredentials } from './deferred-letter.js';
import { monotonicMs } from '../time/monotonic.js';
import type { VendorProvider } from '../vendors/vendor.js';
import { sourceNamedByPath, sourcesOf } from '../vendors/vendor-sources.js';
import { BODY_TOO_LARGE, type CallbackRequest, type CallbackResponse } from './callback.js';
import { decodeCallback, type VendorRecognizer } from './decode-callback.js';
import { ANSWER_HEADERS, isAllowedMethod, jsonAnswer } from './http-answers.js';

export interface ReceiverOptions {
  readonly vendor: VendorProvider;
  /** The other vendors' manifests, so a body sent to the wrong endpoint is dead-lettered saying where it belongs. */
  readonly otherVendors?: readonly VendorRecognizer[];
  readonly config: AlerthookConfig;
  /**
   * `function`: a deployed function, which refuses every call while no secret is configured
   * (unless `allowAnonymous`); `local`: the local server, which may run open.
   */
  readonly mode: 'function' | 'local';
  /** Resolves to the sink; called on the first request that has something to store. */
  readonly sink: () => Promise<Sink>;
  /**
   * The fallback store (ALERTHOOK_FALLBACK), when one is configured: a callback the sink cannot take
   * in time is kept there as a deferred letter and answered 2xx.
   */
  readonly fallback?: () => Promise<DeferredStore>;
  /** Delivers waiting deferred letters before a live callback's events (keeping their order). */
  readonly drainDeferred?: DrainDeferred;
  readonly log: LogLine;
  readonly now?: () => Date;
}

export type CallbackReceiver = (request: CallbackRequest) => Promise<CallbackResponse>;

type Outcome =
  | 'accepted'
  | 'dead-lettered'
  | 'deferred'
  | 'probe'
  | 'unauthorized'
  | 'method-not-allowed'
  | 'too-large'
  | 'not-configured'
  | 'sink-failed';

/**
 * With a fallback, the sink has this share of the budget, and the fallback the rest: a stalled sink
 * must leave time to keep the callback. Deferred letters waiting are delivered in the first half.
 */
const SINK_SHARE_WITH_FALLBACK = 0.75;
const DRAIN_SHARE = 0.5;

/**
 * The one pipeline behind both functions and the local server. Decides, in order:
 * 405 other methods · 503 a function with no secret configured · 401 wrong credentials ·
 * 413 oversize body · 200 probe (GET/HEAD, empty body, the vendor's URL-check shape) ·
 * 401 missing credentials · 200 dead-lettered (not a valid alarm: a retry would not help) ·
 * 200 accepted (events durable in the sink) · 200 deferred (the sink or dead-letter store failed
 * or is misconfigured, and the fallback store kept the callback) · 503 they failed, and there is
 * no fallback or it failed too (retry).
 * Every request logs one line with its request id, vendor, status, outcome and event count.
 */
export function createCallbackReceiver(options: ReceiverOptions): CallbackReceiver {
  const { vendor, config, mode, log } = options;
  const now = options.now ?? (() => new Date());
  const secret = config.token === null ? null : new SharedSecret(config.token);
  const refuseAll = mode === 'function' && secret === null && !config.allowAnonymous;

  return async function receiveCallback(request) {
    const started = monotonicMs();
    let events = 0;
    let detail: string | undefined;
    let source: string | undefined;
    const finish = (outcome: Outcome, statusCode: number, body: Record<string, unknown>, headers?: Record<string, string>) => {
      log({
        // A deferred callback is answered 2xx, but its sink is failing: someone must look.
        level: statusCode >= 500 || outcome === 'deferred' ? 'error' : statusCode >= 400 ? 'warn' : 'info',
        msg: 'callback',
        requestId: request.requestId,
        vendor: vendor.name,
        ...(source === undefined ? {} : { source }),
        transport: request.transport,
        method: request.method,
        status: statusCode,
        outcome,
        events,
        ms: Math.round((monotonicMs() - started) * 10) / 10,
        ...(detail === undefined ? {} : { detail }),
      });
      return jsonAnswer(request, statusCode, body, headers);
    };

    const { method } = request;
    if (!isAllowedMethod(method))
      return finish('method-not-allowed', 405, { status: 'error', error: 'method not allowed' }, ANSWER_HEADERS['method-not-allowed']);
    if (refuseAll && !request.platformAuthenticated) {
      detail = 'ALERTHOOK_TOKEN is not set; refusing every call (set it, or ALERTHOOK_ALLOW_ANONYMOUS=1)';
      return finish('not-configured', 503, { status: 'error', error: 'receiver not configured' });
    }
    const credentials = request.platformAuthenticated || secret === null ? 'valid' : secret.check(request.headers, request.query);
    const unauthorized = () => finish('unauthorized', 401, { status: 'error', error: 'unauthorized' }, ANSWER_HEADERS.unauthorized);
    if (credentials === 'invalid') return unauthorized();
    if (request.body === BODY_TOO_LARGE)
      return finish('too-large', 413, { status: 'error', error: `body exceeds ${config.maxBodyBytes} bytes` });
    if (method !== 'POST' || request.body === null || request.body.length === 0)
      return finish('probe', 200, { status: 'ok', ...vendor.acknowledgement(undefined) });
    if (credentials === 'missing') return unauthorized();

    const bytes = request.body;
    const bodyDigest = sha256Hex(bytes);
    // One arrival time for the events and a deferred letter, so a redrive decodes to the same ids.
    const receivedAt = now();
    // `…/prometheus` names a source; any other path lets the body's shape choose.
    const sourceName = sourceNamedByPath(sourcesOf(vendor), request.path)?.name;
    const decoded = decodeCallback(vendor, bytes, request.headers, config.normalize, {
      bodyDigest,
      otherVendors: options.otherVendors ?? [],
      sourceName,
      receivedAt,
    });
    source = decoded.source?.name;
    const ack = (decoded.source ?? vendor).acknowledgement(decoded.body);
    if (decoded.outcome === 'probe') return finish('probe', 200, { status: 'ok', ...ack });

    // Opening (the first time) and writing share one budget that ends before the vendor gives up.
    const fallback = options.fallback;
    const deadline = started + config.timeBudgetMs;
    const sinkDeadline = fallback === undefined ? deadline : started + config.timeBudgetMs * SINK_SHARE_WITH_FALLBACK;
    /** `late`: a write abandoned at the budget that may still complete; if it does, the letter is settled. */
    const failed = async (why: string, error: string, late?: Promise<unknown>, eventIds: readonly string[] = []) => {
      if (fallback === undefined) {
        detail = why;
        return finish('sink-failed', 503, { status: 'error', error });
      }
      const letter: DeadLetter = {
        id: deferredLetterId(receivedAt, vendor.name, bodyDigest, request.requestId),
        vendor: vendor.name,
        receivedAt: receivedAt.toISOString(),
        requestId: request.requestId,
        transport: request.transport,
        errors: [why],
        headers: withoutCredentials(request.headers),
        body: bytes,
        path: request.path,
      };
      try {
        const store = await withinBudget(
          async (signal) => {
            const opened = await fallback();
            await opened.writeDeferred(letter, signal);
            return opened;
          },
          deadline,
          'fallback store',
        );
        late?.then(
          () => store.settle?.(letter, eventIds).catch(() => {}),
          () => {},
        );
      } catch (fallbackError) {
        detail = `${why}; fallback store failed too: ${messageOf(fallbackError)}`;
        return finish('sink-failed', 503, { status: 'error', error });
      }
      detail = `${why}; kept in the fallback store for redrive`;
      return finish('deferred', 200, { status: 'deferred', deferredId: letter.id, ...ack });
    };

    let sink: Sink;
    try {
      sink = await withinBudget(() => options.sink(), sinkDeadline);
    } catch (error) {
      return failed(`sink unavailable: ${messageOf(error)}`, 'sink unavailable, retry later');
    }

    if (decoded.outcome === 'invalid') {
      const letter: DeadLetter = {
        id: digest128([vendor.name, 'dead-letter', bodyDigest]),
        vendor: vendor.name,
        receivedAt: now().toISOString(),
        requestId: request.requestId,
        transport: request.transport,
        errors: decoded.errors,
        headers: withoutCredentials(request.headers),
        body: bytes,
      };
      try {
        await withinBudget((signal) => sink.writeDeadLetter(letter, signal), sinkDeadline);
      } catch (error) {
        return failed(`dead-letter write failed: ${messageOf(error)}`, 'dead-letter store unavailable, retry later');
      }
      detail = decoded.errors.join('; ').slice(0, 500);
      return finish('dead-lettered', 200, { status: 'dead-lettered', deadLetterId: letter.id, errors: decoded.errors, ...ack });
    }

    // Letters deferred earlier go first; while some are left, this one queues behind them.
    if (fallback !== undefined && options.drainDeferred !== undefined) {
      const clear = await options.drainDeferred(started + config.timeBudgetMs * DRAIN_SHARE);
      if (!clear)
        return failed('deferred letters are still waiting: queued behind them to keep their order', 'sink unavailable, retry later');
    }
    let write: Promise<void> | undefined;
    try {
      await withinBudget((signal) => (write = sink.writeEvents(decoded.events, signal)), sinkDeadline);
    } catch (error) {
      return failed(`sink write failed: ${messageOf(error)}`, 'sink unavailable, retry later', write, idsOf(decoded.events));
    }
    events = decoded.events.length;
    if (decoded.notes.length > 0) detail = decoded.notes.join('; ').slice(0, 500);
    return finish('accepted', 200, { status: 'accepted', events, ids: idsOf(decoded.events), ...ack });
  };
}

/**
 * Runs `work` until `deadline` (a monotonicMs() instant): past it, the vendor must get its 503
 * in time. Work that finishes later is not undone; its ids are deterministic, so the vendor's retry
 * rewrites the same events rather than adding new ones.
 */
function withinBudget<T>(work: (signal: AbortSignal) => Promise<T>, deadline: number, what = 'sink'): Promise<T> {
  const remaining = deadline - monotonicMs();
  const message =
    remaining <= 0
      ? `time budget spent before the ${what} was called`
      : `${what} did not answer within the time budget (${Math.round(remaining)} ms left)`;
  return runWithin(remaining, message, work);
}

function idsOf(events: readonly EncodedEvent[]): string[] {
  return events.map((e) => e.event.id);
}

/** Error messages of sinks name paths and hosts, not credentials (sinks redact their URLs). */
function messageOf(error: unknown): string {
  return errorMessage(error).slice(0, 300);
}
