import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../lib/pipeline/delivery.js';

/** A Sink that keeps everything in memory, and fails on demand, for pipeline tests. */
export class MemorySink implements Sink {
  readonly description = 'memory://test';
  readonly events = new Map<string, EncodedEvent>();
  readonly deadLetters = new Map<string, DeadLetter>();
  readonly heartbeats: EncodedHeartbeat[] = [];
  writes = 0;
  failEvents: Error | null = null;
  failDeadLetters: Error | null = null;

  async writeEvents(events: readonly EncodedEvent[]): Promise<void> {
    this.writes++;
    if (this.failEvents) throw this.failEvents;
    for (const encoded of events) this.events.set(encoded.event.id, encoded);
  }

  async writeDeadLetter(letter: DeadLetter): Promise<void> {
    this.writes++;
    if (this.failDeadLetters) throw this.failDeadLetters;
    this.deadLetters.set(letter.id, { ...letter, body: Uint8Array.from(letter.body) });
  }

  async writeHeartbeat(beat: EncodedHeartbeat): Promise<void> {
    if (this.failEvents) throw this.failEvents;
    this.heartbeats.push(beat);
  }

  async close(): Promise<void> {}

  get stored(): number {
    return this.events.size + this.deadLetters.size;
  }
}
