/** Small, dependency-free measuring helpers: medians over interleaved rounds. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Time per operation of `a` and of `b`, as medians over `rounds` rounds of `iterations` each,
 * alternating a and b so that drift on a noisy machine hits both alike.
 */
export function compareSync(
  a: () => void,
  b: () => void,
  options: { warmup: number; rounds: number; iterations: number },
): { a: number; b: number } {
  for (let i = 0; i < options.warmup; i++) {
    a();
    b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const [fn, times] of [
      [a, timesA],
      [b, timesB],
    ] as const) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < options.iterations; i++) fn();
      times.push(Number(process.hrtime.bigint() - start) / options.iterations);
    }
  }
  return { a: median(timesA), b: median(timesB) };
}

/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
