import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../lib/pipeline/delivery.js';

/**
 * Wraps a real sink and misbehaves like a store under trouble: a share of writes fail outright,
 * another share stall past the callback's budget and then complete anyway (as a slow store does),
 * the rest pass through. Seeded, so a failing run can be repeated.
 */
export class FaultySink implements Sink {
  readonly description: string;
  failed = 0;
  stalled = 0;
  passed = 0;
  private state: number;

  constructor(
    private readonly inner: Sink,
    private readonly faults: { failRate: number; stallRate: number; stallMs: number; seed: number },
  ) {
    this.description = `faulty(${inner.description})`;
    this.state = faults.seed;
  }

  private random(): number {
    this.state = (this.state * 1103515245 + 12345) % 2 ** 31;
    return this.state / 2 ** 31;
  }

  private async misbehave<T>(write: () => Promise<T>): Promise<T> {
    const roll = this.random();
    if (roll < this.faults.failRate) {
      this.failed++;
      throw new Error('injected sink failure');
    }
    if (roll < this.faults.failRate + this.faults.stallRate) {
      this.stalled++;
      await new Promise((resolve) => setTimeout(resolve, this.faults.stallMs));
      return write();
    }
    this.passed++;
    return write();
  }

  writeEvents(events: readonly EncodedEvent[]): Promise<void> {
    return this.misbehave(() => this.inner.writeEvents(events));
  }

  writeDeadLetter(letter: DeadLetter): Promise<void> {
    return this.misbehave(() => this.inner.writeDeadLetter(letter));
  }

  writeHeartbeat(beat: EncodedHeartbeat): Promise<void> {
    return this.misbehave(() => this.inner.writeHeartbeat(beat));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
