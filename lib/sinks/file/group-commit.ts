/**
 * One durable operation (a directory's fsync) shared by the callers that need it at the same time:
 * group commit. Each caller's promise settles with the first run of the operation that *started
 * after the call*, because only such a run is sure to cover what the caller did just before calling
 * (a rename). While a run is in flight, every new caller waits for the one next run, which starts
 * when the current one ends; so under load N concurrent writers pay for about two fsyncs, not N.
 * A failed run fails exactly the callers it was running for.
 */
export class GroupCommit {
  readonly #operation: () => Promise<void>;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(operation: () => Promise<void>) {
    this.#operation = operation;
  }

  run(): Promise<void> {
    if (this.#queued !== null) return this.#queued;
    if (this.#running === null) return this.#start();
    const queued = this.#running.then(ignore, ignore).then(() => {
      this.#queued = null;
      return this.#start();
    });
    this.#queued = queued;
    return queued;
  }

  #start(): Promise<void> {
    const running: Promise<void> = this.#operation().finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
    return running;
  }
}

function ignore(): void {}
