import { errorMessage } from '../errors.js';
import type { LogLine } from '../log.js';
import type { DrainDeferred, Sink } from '../pipeline/delivery.js';
import type { DeadLetterStore } from '../sinks/sink.js';
import { monotonicMs } from '../time/monotonic.js';
import { redriveDeferred, type RedriveOptions, type RedriveSummary } from './redrive-deferred.js';

/** How many deferred letters a live callback delivers before its own events, at most. */
export const OPPORTUNISTIC_LIMIT = 10;

export interface Redriver {
  /**
   * One redrive at a time in this process (the schedule and the callbacks of a warm instance take
   * turns), so they never deliver one letter twice out of order. Logs what it did.
   */
  run(limits: RunLimits): Promise<RedriveSummary | null>;
  /** For the receiver: a bounded redrive before a live callback; true when nothing is left waiting. */
  drain: DrainDeferred;
}

/** One run's bounds: what it may start (letters, until when) and how long one write may take, how often tried. */
export type RunLimits = Partial<Pick<RedriveOptions, 'limit' | 'deadline' | 'writeTimeoutMs' | 'attemptsPerLetter' | 'batchSize'>> & {
  trigger: string;
};

export type RedriverOptions = Omit<RedriveOptions, 'limit' | 'deadline' | 'store' | 'sink'> & {
  store: () => Promise<DeadLetterStore>;
  sink: () => Promise<Sink>;
  log: LogLine;
};

export function createRedriver(options: RedriverOptions): Redriver {
  let turn: Promise<void> = Promise.resolve();
  /** Waits for the turn until `deadline` (monotonicMs); null if it did not come in time. */
  const takeTurn = async (deadline: number | undefined): Promise<(() => void) | null> => {
    const before = turn;
    let release = () => {};
    turn = new Promise<void>((resolve) => (release = resolve));
    if (deadline === undefined) {
      await before;
      return release;
    }
    let timer: NodeJS.Timeout | undefined;
    const came = await Promise.race([
      before.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - monotonicMs())))),
    ]);
    clearTimeout(timer);
    if (came) return release;
    void before.then(release); // give up our place without holding up those after us
    return null;
  };

  const run: Redriver['run'] = async ({ trigger, ...limits }) => {
    const { deadline } = limits;
    const release = await takeTurn(deadline);
    if (release === null) return null;
    try {
      const [store, sink] = await Promise.all([options.store(), options.sink()]);
      const summary = await redriveDeferred({
        ...options,
        store,
        sink,
        ...Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)),
      });
      if (summary.found > 0)
        options.log({
          level: summary.failed === null ? 'info' : 'warn',
          msg: 'redrive',
          trigger,
          found: summary.found,
          redriven: summary.redriven,
          events: summary.events,
          deadLettered: summary.deadLettered,
          remaining: summary.remaining,
          ...(summary.failed === null ? {} : { detail: summary.failed.slice(0, 300) }),
        });
      return summary;
    } finally {
      release();
    }
  };

  return {
    run,
    async drain(deadline) {
      try {
        // A letter still in flight at the deadline is finished in the background (holding the turn);
        // the callback does not wait for it, and queues behind it.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - monotonicMs()))));
        const running = run({ limit: OPPORTUNISTIC_LIMIT, deadline, trigger: 'callback' });
        running.catch(() => {}); // reported below if in time; a late failure leaves the letters in place
        const summary = await Promise.race([running, late]).finally(() => clearTimeout(timer));
        return summary !== 'late' && summary !== null && summary.remaining === 0 && summary.failed === null;
      } catch (error) {
        // The fallback cannot be listed (or the sink opened): deliver live rather than refuse; if
        // the sink is down too the callback is answered 503 and retried.
        options.log({ level: 'warn', msg: 'redrive', trigger: 'callback', detail: `cannot redrive: ${errorMessage(error).slice(0, 300)}` });
        return true;
      }
    },
  };
}
