/**
 * Polls `probe` until it gives something other than undefined, then returns that; after
 * `timeoutMs`, throws naming what was awaited and, from `describe`, what there was instead.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options: { what: string; timeoutMs?: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`no ${options.what} within ${timeoutMs} ms${options.describe ? `; got: ${options.describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
