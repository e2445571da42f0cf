import { SharedSecret } from '../auth/shared-secret.js';
import type { AlerthookConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { digest128, sha256Hex } from '../event/digest.js';
import type { LogLine } from '../log.js';
import { runWithin } from '../run-within.js';
import type { DeadLetter, EncodedEvent, Sink } from './delivery.js';
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
  readonly log: LogLine;
  readonly now?: () => Date;
}

export type CallbackReceiver = (request: CallbackRequest) => Promise<CallbackResponse>;

type Outcome =
  | 'accepted'
  | 'dead-lettered'
  | 'probe'
  | 'unauthorized'
  | 'method-not-allowed'
  | 'too-large'
  | 'not-configured'
  | 'sink-failed';

/** Headers that carry credentials; never stored with a dead letter. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'token', 'cookie', 'x-api-key']);

/**
 * The one pipeline behind both functions and the local server. Decides, in order:
 * 405 other methods · 503 a function with no secret configured · 401 wrong credentials ·
 * 413 oversize body · 200 probe (GET/HEAD, empty body, the vendor's URL-check shape) ·
 * 401 missing credentials · 200 dead-lettered (not a valid alarm: a retry would not help) ·
 * 200 accepted (events durable in the sink) · 503 the sink or dead-letter store failed (retry).
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
        level: statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info',
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
    // `…/prometheus` names a source; any other path lets the body's shape choose.
    const sourceName = sourceNamedByPath(sourcesOf(vendor), request.path)?.name;
    const decoded = decodeCallback(vendor, bytes, request.headers, config.normalize, {
      bodyDigest,
      otherVendors: options.otherVendors ?? [],
      sourceName,
      receivedAt: now(),
    });
    source = decoded.source?.name;
    const ack = (decoded.source ?? vendor).acknowledgement(decoded.body);
    if (decoded.outcome === 'probe') return finish('probe', 200, { status: 'ok', ...ack });

    // Opening (the first time) and writing share one budget that ends before the vendor gives up.
    const deadline = started + config.timeBudgetMs;
    let sink: Sink;
    try {
      sink = await withinBudget(() => options.sink(), deadline);
    } catch (error) {
      detail = `sink unavailable: ${messageOf(error)}`;
      return finish('sink-failed', 503, { status: 'error', error: 'sink unavailable, retry later' });
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
        await withinBudget((signal) => sink.writeDeadLetter(letter, signal), deadline);
      } catch (error) {
        detail = `dead-letter write failed: ${messageOf(error)}`;
        return finish('sink-failed', 503, { status: 'error', error: 'dead-letter store unavailable, retry later' });
      }
      detail = decoded.errors.join('; ').slice(0, 500);
      return finish('dead-lettered', 200, { status: 'dead-lettered', deadLetterId: letter.id, errors: decoded.errors, ...ack });
    }

    try {
      await withinBudget((signal) => sink.writeEvents(decoded.events, signal), deadline);
    } catch (error) {
      detail = `sink write failed: ${messageOf(error)}`;
      return finish('sink-failed', 503, { status: 'error', error: 'sink unavailable, retry later' });
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
function withinBudget<T>(work: (signal: AbortSignal) => Promise<T>, deadline: number): Promise<T> {
  const remaining = deadline - monotonicMs();
  const message =
    remaining <= 0
      ? 'time budget spent before the sink was called'
      : `sink did not answer within the time budget (${Math.round(remaining)} ms left)`;
  return runWithin(remaining, message, work);
}

function idsOf(events: readonly EncodedEvent[]): string[] {
  return events.map((e) => e.event.id);
}

function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!CREDENTIAL_HEADERS.has(name)) kept[name] = value;
  return kept;
}

/** Error messages of sinks name paths and hosts, not credentials (sinks redact their URLs). */
function messageOf(error: unknown): string {
  return errorMessage(error).slice(0, 300);
}
