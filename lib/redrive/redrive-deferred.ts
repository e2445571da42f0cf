import type { NormalizeSettings } from '../config.js';
import { errorMessage } from '../errors.js';
import { digest128, sha256Hex } from '../event/digest.js';
import { decodeCallback } from '../pipeline/decode-callback.js';
import type { DeadLetter, DeadLetterMeta, EncodedEvent, Sink } from '../pipeline/delivery.js';
import { runWithin } from '../run-within.js';
import { placeholderMeta } from '../sinks/object-layout.js';
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
 *   one (its firing) is still waiting. Consecutive letters are written to the sink in one batch
 *   as long as no alert (fingerprint) appears twice in it, so a batch never holds both a firing
 *   and its recovery, and order within it does not matter.
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
  /** Tries of one batch before the run stops there (default 3). */
  attemptsPerLetter?: number;
  /** Letters delivered in one write to the sink, at most (default 25). */
  batchSize?: number;
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
  const batchSize = options.batchSize ?? 25;
  let carried: Prepared | null = null;
  let next = 0;
  // Bodies delivered in this run: a vendor's retry of a deferred callback (after a 503 whose
  // fallback write landed late, say) is a second letter with the same bytes; it is moved, not sent again.
  const sent = new Set<string>();
  while (summary.redriven < limit && (carried !== null || next < letters.length)) {
    if (options.deadline !== undefined && options.deadline - monotonicMs() <= 0) break;
    const batch: Prepared[] = [];
    const fingerprints = new Set<string>();
    try {
      while (batch.length < batchSize && summary.redriven + batch.length < limit) {
        let prepared: Prepared | null = carried;
        carried = null;
        if (prepared === null) {
          if (next >= letters.length) break;
          const outcome = await prepare(options, letters[next++] as DeadLetterRef, now);
          if (outcome === 'gone') summary.remaining--; // another redrive took it
          if (typeof outcome === 'string') continue; // gone, or waits for a version that knows its vendor
          prepared = outcome;
        }
        const key = `${prepared.letter.vendor}\0${prepared.bodyDigest}`;
        if (sent.has(key)) {
          batch.push({ ...prepared, events: [], deadLetter: null });
          continue;
        }
        const prints = prepared.events.map((e) => e.event.data.fingerprint);
        // A second notification of an alert, or a dead letter, starts the next batch.
        if (batch.length > 0 && (prepared.deadLetter !== null || prints.some((f) => fingerprints.has(f)))) {
          carried = prepared;
          break;
        }
        batch.push(prepared);
        sent.add(key);
        for (const f of prints) fingerprints.add(f);
        if (prepared.deadLetter !== null) break;
      }
      if (batch.length === 0) continue;
      const ms = options.writeTimeoutMs ?? 30_000;
      await withRetries(options, () =>
        runWithin(ms, `the sink did not acknowledge within ${ms} ms`, (signal) => deliver(options.sink, batch, signal)),
      );
      for (const prepared of batch) {
        const eventIds = prepared.events.map((e) => e.event.id);
        const replayed = { at: now().toISOString(), by: options.by, to: options.sink.description, eventIds };
        await options.store.markReplayed(prepared.letter, { ...prepared.meta, replayed });
        summary.redriven++;
        summary.remaining--;
        summary.events += eventIds.length;
        if (prepared.deadLetter !== null) summary.deadLettered++;
      }
    } catch (error) {
      summary.failed = errorMessage(error);
      break;
    }
  }
  return summary;
}

/**
 * A batch that failed is tried again at once, up to `attemptsPerLetter` times (default 3) while
 * the deadline allows: a store's transient refusals (one write in five, in the fault test) would
 * otherwise stop nearly every run after a few letters, and a backlog would drain at a crawl.
 */
async function withRetries<T>(options: RedriveOptions, attempt: () => Promise<T>): Promise<T> {
  const attempts = options.attemptsPerLetter ?? 3;
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const late = options.deadline !== undefined && options.deadline - monotonicMs() <= 0;
      if (tried >= attempts || late) throw error;
    }
  }
}

/** A letter read and decoded, ready to deliver: its events, or the dead letter a live delivery would have made. */
interface Prepared {
  letter: DeadLetterRef;
  bodyDigest: string;
  meta: DeadLetterMeta;
  events: EncodedEvent[];
  deadLetter: DeadLetter | null;
}

async function deliver(sink: Sink, batch: readonly Prepared[], signal: AbortSignal): Promise<void> {
  const events = batch.flatMap((prepared) => prepared.events);
  if (events.length > 0) await sink.writeEvents(events, signal);
  for (const { deadLetter } of batch) if (deadLetter !== null) await sink.writeDeadLetter(deadLetter, signal);
}

async function prepare(options: RedriveOptions, letter: DeadLetterRef, now: () => Date): Promise<Prepared | 'gone' | 'unknown-vendor'> {
  const vendor = Object.hasOwn(options.vendors, letter.vendor) ? options.vendors[letter.vendor] : undefined;
  if (vendor === undefined) return 'unknown-vendor';
  const meta = await options.store.readMeta(letter);
  // Read just before delivering: a letter a concurrent redrive already moved is not delivered again
  // after later ones (which would put a firing after its recovery).
  const body = await options.store.readBody(letter).catch(() => null);
  if (body === null) return 'gone';
  const received = meta?.receivedAt === undefined ? Number.NaN : Date.parse(meta.receivedAt);
  const bodyDigest = sha256Hex(body);
  const headers = meta?.headers ?? {};
  const decoded = decodeCallback(vendor, body, headers, options.settings, {
    bodyDigest,
    otherVendors: Object.values(options.vendors),
    sourceName: meta?.path === undefined ? undefined : sourceNamedByPath(sourcesOf(vendor), meta.path)?.name,
    ...(Number.isNaN(received) ? {} : { receivedAt: new Date(received) }),
  });
  const base: DeadLetterMeta = meta ?? placeholderMeta(letter, body.length);
  if (decoded.outcome === 'events') return { letter, bodyDigest, meta: base, events: decoded.events, deadLetter: null };
  if (decoded.outcome === 'probe') return { letter, bodyDigest, meta: base, events: [], deadLetter: null };
  // What the live delivery would have done with it: the same dead letter, under the same id.
  const deadLetter: DeadLetter = {
    id: digest128([vendor.name, 'dead-letter', bodyDigest]),
    vendor: vendor.name,
    receivedAt: meta?.receivedAt ?? now().toISOString(),
    requestId: meta?.requestId ?? '',
    transport: meta?.transport ?? '',
    errors: decoded.errors,
    headers,
    body,
  };
  return { letter, bodyDigest, meta: base, events: [], deadLetter };
}
