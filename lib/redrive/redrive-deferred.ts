import type { NormalizeSettings } from '../config.js';
import { errorMessage } from '../errors.js';
import { digest128, sha256Hex } from '../event/digest.js';
import { decodeCallback } from '../pipeline/decode-callback.js';
import type { DeadLetterMeta, Sink } from '../pipeline/delivery.js';
import { runWithin } from '../run-within.js';
import type { DeadLetterRef, DeadLetterStore } from '../sinks/sink.js';
import { monotonicMs } from '../time/monotonic.js';
import type { VendorProvider } from '../vendors/vendor.js';
import { sourceNamedByPath, sourcesOf } from '../vendors/vendor-sources.js';

/**
 * Redrive: deferred letters (callbacks the fallback store kept while the sink could not take them)
 * through the same decisions a live delivery makes, into the sink. Shared by the opportunistic
 * redrive before a live callback, the functions' scheduled trigger, `serve`'s schedule and
 * `alerthook replay`.
 *
 * - A letter is decoded exactly as its live delivery was (same bytes, headers, path and arrival
 *   time), so its events get the ids that delivery would have given: a redrive racing a vendor's
 *   retry, or running twice, rewrites the same ids and never makes a second alert.
 * - Letters go oldest first (their ids begin with the arrival time), and delivery stops at the
 *   first failure: a later letter of an alert (its recovery) is never delivered while an earlier
 *   one (its firing) is still waiting.
 * - A letter moves under `replayed/deferred/` only after the sink acknowledged what it held (its
 *   events, or, for a body that is no alarm, its dead letter); a crash before that leaves it in
 *   place, and the next redrive delivers the same ids again.
 */
export interface RedriveOptions {
  /** The fallback store's `deferred/` shelf. */
  store: DeadLetterStore;
  sink: Sink;
  vendors: Readonly<Record<string, VendorProvider>>;
  settings: NormalizeSettings;
  /** Only this vendor's letters (a function redrives its own). */
  vendor?: string;
  /** At most this many letters in one run. */
  limit?: number;
  /**
   * A monotonicMs() instant: no letter is started after it. One already started is let finish (up
   * to `writeTimeoutMs`): abandoning it would leave a letter the sink may yet acknowledge, to be
   * delivered a second time.
   */
  deadline?: number;
  /** Longest a sink may take for one letter (default 30 s). */
  writeTimeoutMs?: number;
  /** Recorded on each redriven letter: `alerthook@0.2.0`. */
  by: string;
  now?: () => Date;
}

export interface RedriveSummary {
  /** Letters waiting when the run began. */
  found: number;
  /** Delivered and moved under replayed/. */
  redriven: number;
  events: number;
  /** Of the redriven, bodies that were no valid alarm: now in the dead-letter store. */
  deadLettered: number;
  /** Letters still waiting after the run (not tried, failed, or of a vendor this version lacks). */
  remaining: number;
  /** Why delivery stopped, if it failed. */
  failed: string | null;
}

export async function redriveDeferred(options: RedriveOptions): Promise<RedriveSummary> {
  const now = options.now ?? (() => new Date());
  const letters = [...(await options.store.list(options.vendor))].sort((a, b) => a.id.localeCompare(b.id));
  const summary: RedriveSummary = {
    found: letters.length,
    redriven: 0,
    events: 0,
    deadLettered: 0,
    remaining: letters.length,
    failed: null,
  };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (const letter of letters) {
    if (summary.redriven >= limit) break;
    if (options.deadline !== undefined && options.deadline - monotonicMs() <= 0) break;
    const ms = options.writeTimeoutMs ?? 30_000;
    try {
      const outcome = await runWithin(ms, `the sink did not acknowledge within ${ms} ms`, (signal) =>
        redriveOne(options, letter, now, signal),
      );
      if (outcome === 'gone' || outcome === 'unknown-vendor') {
        if (outcome === 'gone') summary.remaining--;
        continue; // another redrive took it; or it waits for a version that knows its vendor
      }
      summary.redriven++;
      summary.remaining--;
      summary.events += outcome.events;
      if (outcome.deadLettered) summary.deadLettered++;
    } catch (error) {
      summary.failed = errorMessage(error);
      break;
    }
  }
  return summary;
}

type LetterOutcome = 'gone' | 'unknown-vendor' | { events: number; deadLettered: boolean };

async function redriveOne(options: RedriveOptions, letter: DeadLetterRef, now: () => Date, signal: AbortSignal): Promise<LetterOutcome> {
  const { store, sink } = options;
  const vendor = Object.hasOwn(options.vendors, letter.vendor) ? options.vendors[letter.vendor] : undefined;
  if (vendor === undefined) return 'unknown-vendor';
  const meta = await store.readMeta(letter);
  // Read just before delivering: a letter a concurrent redrive already moved is not delivered again
  // after later ones (which would put a firing after its recovery).
  const body = await store.readBody(letter).catch(() => null);
  if (body === null) return 'gone';
  const received = meta?.receivedAt === undefined ? Number.NaN : Date.parse(meta.receivedAt);
  const receivedAt = Number.isNaN(received) ? undefined : new Date(received);
  const bodyDigest = sha256Hex(body);
  const headers = meta?.headers ?? {};
  const decoded = decodeCallback(vendor, body, headers, options.settings, {
    bodyDigest,
    otherVendors: Object.values(options.vendors),
    sourceName: meta?.path === undefined ? undefined : sourceNamedByPath(sourcesOf(vendor), meta.path)?.name,
    ...(receivedAt === undefined ? {} : { receivedAt }),
  });
  let eventIds: string[] = [];
  if (decoded.outcome === 'events') {
    await sink.writeEvents(decoded.events, signal);
    eventIds = decoded.events.map((e) => e.event.id);
  } else if (decoded.outcome === 'invalid') {
    // What the live delivery would have done with it: the same dead letter, under the same id.
    await sink.writeDeadLetter(
      {
        id: digest128([vendor.name, 'dead-letter', bodyDigest]),
        vendor: vendor.name,
        receivedAt: meta?.receivedAt ?? now().toISOString(),
        requestId: meta?.requestId ?? '',
        transport: meta?.transport ?? '',
        errors: decoded.errors,
        headers,
        body,
      },
      signal,
    );
  }
  const base: DeadLetterMeta = meta ?? {
    id: letter.id,
    vendor: letter.vendor,
    receivedAt: '',
    requestId: '',
    transport: '',
    bodyBytes: body.length,
    errors: [],
    headers: {},
  };
  await store.markReplayed(letter, { ...base, replayed: { at: now().toISOString(), by: options.by, to: sink.description, eventIds } });
  return { events: eventIds.length, deadLettered: decoded.outcome === 'invalid' };
}
