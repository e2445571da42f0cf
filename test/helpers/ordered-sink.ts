import type { DeadLetter, EncodedEvent, Sink } from '../../lib/pipeline/delivery.js';

/**
 * A Sink that records every acknowledged event in the order it acknowledged it (a broker's queue
 * would), and can be switched off like a store that went away: while `down`, every write rejects.
 */
export class OrderedSink implements Sink {
  readonly description = 'ordered://test';
  readonly acknowledged: { id: string; fingerprint: string; status: string }[] = [];
  readonly deadLetters: DeadLetter[] = [];
  down: Error | null = null;
  /** While set, writes wait this long first (a store that stalls). */
  stallMs = 0;
  /** False: a stalled write completes even after the callback's budget aborted it (as a slow store's does). */
  honoursAbort = true;

  async writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal): Promise<void> {
    if (this.stallMs > 0) await new Promise((resolve) => setTimeout(resolve, this.stallMs));
    if (this.down) throw this.down;
    if (this.honoursAbort && signal?.aborted) throw signal.reason;
    for (const { event } of events)
      this.acknowledged.push({ id: event.id, fingerprint: event.data.fingerprint, status: event.data.status });
  }

  async writeDeadLetter(letter: DeadLetter): Promise<void> {
    if (this.down) throw this.down;
    this.deadLetters.push(letter);
  }

  async writeHeartbeat(): Promise<void> {
    if (this.down) throw this.down;
  }

  async close(): Promise<void> {}

  /** Ids acknowledged more than once. */
  duplicates(): string[] {
    const seen = new Set<string>();
    return this.acknowledged.filter(({ id }) => seen.has(id) || !seen.add(id)).map(({ id }) => id);
  }

  /** Alerts whose recovery was acknowledged before (or without) a firing of theirs. */
  recoveredBeforeFiring(): string[] {
    const fired = new Set<string>();
    const wrong: string[] = [];
    for (const { fingerprint, status } of this.acknowledged) {
      if (status === 'firing') fired.add(fingerprint);
      else if (!fired.has(fingerprint)) wrong.push(fingerprint);
    }
    return wrong;
  }
}
