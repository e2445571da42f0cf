/**
 * Opens something once and hands back the same promise after; if opening fails, the next call
 * tries again (a sink that was down at the first call is not given up for the life of an instance).
 */
export function retryingOpener<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}
