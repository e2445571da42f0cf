/** A time limit ran out. */
export class TimeLimitExceeded extends Error {
  override name = 'TimeLimitExceeded';
}

/**
 * Runs `work` for at most `ms`. When the time is up, the signal given to `work` aborts and the call
 * rejects with `TimeLimitExceeded(message)` whether or not `work` listens: the caller must get its
 * answer in time. Work that finishes later is not undone; callers rely on their writes being
 * idempotent (deterministic ids) rather than on cancellation.
 */
export async function runWithin<T>(ms: number, message: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (ms <= 0) throw new TimeLimitExceeded(message);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeLimitExceeded(message);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
