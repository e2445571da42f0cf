/**
 * Milliseconds on a clock that only moves forward, for durations and deadlines. Not
 * `performance.now()`: the first use of `performance` loads Node's perf_hooks (about 1 ms of a
 * function's cold start), and process.hrtime is already there.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
