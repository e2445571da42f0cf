import type { NormalizeSettings } from '../config.js';
import type { Sink } from '../pipeline/delivery.js';
import { redriveDeferred } from '../redrive/redrive-deferred.js';
import type { DeadLetterStore } from '../sinks/sink.js';
import type { VendorProvider } from '../vendors/vendor.js';

/**
 * `alerthook replay` pointed at a fallback store: its deferred letters (callbacks kept while the sink
 * was down) are redriven first, as the functions' timer and serve's schedule would, then the dead
 * letters are replayed. Returns the summary line and whether delivery failed.
 */
export async function replayDeferredLetters(options: {
  store: DeadLetterStore;
  sink: Sink | null;
  vendors: Readonly<Record<string, VendorProvider>>;
  settings: NormalizeSettings;
  vendor: string | undefined;
  by: string;
}): Promise<{ line: string; failed: boolean } | null> {
  const waiting = await options.store.list(options.vendor);
  if (waiting.length === 0) return null;
  if (options.sink === null) return { line: `would redrive: ${waiting.length} deferred letters`, failed: false };
  const summary = await redriveDeferred({
    store: options.store,
    sink: options.sink,
    vendors: options.vendors,
    settings: options.settings,
    ...(options.vendor === undefined ? {} : { vendor: options.vendor }),
    by: options.by,
  });
  const failed = summary.failed !== null;
  return {
    line:
      `redriven: ${summary.redriven} deferred letter${summary.redriven === 1 ? '' : 's'} (${summary.events} events) of ${summary.found}` +
      (failed ? `; stopped: ${summary.failed}; ${summary.remaining} still waiting: run replay again` : ''),
    failed,
  };
}
