import { errorMessage } from '../errors.js';
import { decodeCallback } from '../pipeline/decode-callback.js';
import { runWithin } from '../run-within.js';
import { placeholderMeta } from '../sinks/object-layout.js';
import type { DeadLetterRef, DeadLetterStore } from '../sinks/sink.js';
import type { DeadLetterMeta, Sink } from '../pipeline/delivery.js';
import type { NormalizeSettings } from '../config.js';
import type { VendorProvider } from '../vendors/vendor.js';

/**
 * `alerthook replay`: dead letters back through the current normalizer.
 *
 * Each letter is decoded as a live delivery of the same bytes with the same headers would be, so its
 * events get the ids that delivery would give: a replay and a later vendor retry never make two
 * alerts, and a second replay changes nothing. A letter moves under `replayed/` only after every sink
 * acknowledged its events; one that still does not parse stays where it is, with the new reasons
 * reported. Delivery stops at the first failure (the sink is down; the rest would fail too), which
 * leaves every letter not acknowledged in place, and the run can simply be repeated.
 */
export interface ReplayOptions {
  store: DeadLetterStore;
  sink: Sink;
  vendors: Readonly<Record<string, VendorProvider>>;
  settings: NormalizeSettings;
  /** Only this vendor's letters. */
  vendor?: string;
  /** Only letters received at or after this time (letters without a receivedAt are included). */
  since?: Date;
  /** Decode and report; deliver and move nothing. */
  dryRun: boolean;
  /** Recorded on each replayed letter: `alerthook@0.4.0`. */
  replayedBy: string;
  now?: () => Date;
  /** Longest a sink may take to acknowledge one letter's events. */
  writeTimeoutMs?: number;
  /** Called every `progressEvery` letters with the counts so far. */
  onProgress?: (summary: ReplaySummary) => void;
  progressEvery?: number;
}

export interface ReplaySummary {
  /** Letters in the store (after the vendor filter). */
  found: number;
  /** Left alone by --since. */
  skipped: number;
  /** Delivered and moved under replayed/ (or, in a dry run, that would be). */
  replayed: number;
  events: number;
  /** Still not valid alarms, grouped by their first reason. */
  stillInvalid: Map<string, DeadLetterRef[]>;
  /** The letter whose delivery failed, and why; delivery stopped there. */
  failed: { letter: DeadLetterRef; error: string } | null;
  /** Letters not tried because delivery stopped. */
  notTried: number;
}

export async function replayDeadLetters(options: ReplayOptions): Promise<ReplaySummary> {
  const now = options.now ?? (() => new Date());
  const letters = await options.store.list(options.vendor);
  const summary: ReplaySummary = {
    found: letters.length,
    skipped: 0,
    replayed: 0,
    events: 0,
    stillInvalid: new Map(),
    failed: null,
    notTried: 0,
  };
  const invalid = (letter: DeadLetterRef, reason: string) => {
    const group = summary.stillInvalid.get(reason) ?? [];
    group.push(letter);
    summary.stillInvalid.set(reason, group);
  };

  // Oldest first, so an alert's firing is replayed before its recovery, as the vendor sent them.
  const metas = new Map<DeadLetterRef, DeadLetterMeta | null>();
  for (const letter of letters) metas.set(letter, await options.store.readMeta(letter));
  const ordered = [...letters].sort((a, b) => (metas.get(a)?.receivedAt ?? '').localeCompare(metas.get(b)?.receivedAt ?? ''));

  let handled = 0;
  for (const letter of ordered) {
    if (summary.failed !== null) {
      summary.notTried++;
      continue;
    }
    if (options.progressEvery !== undefined && handled > 0 && handled % options.progressEvery === 0) options.onProgress?.(summary);
    handled++;
    const meta = metas.get(letter) ?? null;
    const received = meta?.receivedAt === undefined ? Number.NaN : Date.parse(meta.receivedAt);
    if (options.since !== undefined && received < options.since.getTime()) {
      summary.skipped++;
      continue;
    }
    const vendor = Object.hasOwn(options.vendors, letter.vendor) ? options.vendors[letter.vendor] : undefined;
    if (vendor === undefined) {
      invalid(letter, `no vendor "${letter.vendor}" in this version`);
      continue;
    }
    const body = await options.store.readBody(letter);
    // The body's shape picks the source (the letter does not keep the path it came to), and a time the
    // sender did not give is when the letter was first received, not now.
    const decoded = decodeCallback(vendor, body, meta?.headers ?? {}, options.settings, {
      otherVendors: Object.values(options.vendors),
      ...(Number.isNaN(received) ? {} : { receivedAt: new Date(received) }),
    });
    if (decoded.outcome === 'invalid') {
      invalid(letter, decoded.errors[0] ?? 'not a valid callback');
      continue;
    }
    if (decoded.outcome === 'probe') {
      invalid(letter, "not an alarm: the vendor's URL check");
      continue;
    }
    if (!options.dryRun) {
      try {
        const ms = options.writeTimeoutMs ?? 30_000;
        await runWithin(ms, `the sink did not acknowledge within ${ms / 1000} s`, (signal) =>
          options.sink.writeEvents(decoded.events, signal),
        );
      } catch (error) {
        summary.failed = { letter, error: errorMessage(error) };
        continue;
      }
      const replayed = {
        at: now().toISOString(),
        by: options.replayedBy,
        to: options.sink.description,
        eventIds: decoded.events.map((e) => e.event.id),
      };
      const base: DeadLetterMeta = meta ?? placeholderMeta(letter, body.length);
      try {
        await options.store.markReplayed(letter, { ...base, replayed });
      } catch (error) {
        // Delivered but still in place: the next replay delivers the same ids again, harmlessly.
        summary.failed = { letter, error: `events delivered, but the letter could not be moved under replayed/: ${errorMessage(error)}` };
        continue;
      }
    }
    summary.replayed++;
    summary.events += decoded.events.length;
  }
  return summary;
}
