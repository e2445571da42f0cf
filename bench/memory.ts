import { createCallbackReceiver } from '../lib/pipeline/receive-callback.js';
import { loadConfig } from '../lib/config.js';
import type { Sink } from '../lib/pipeline/delivery.js';
import { loadVendors, registeredVendors } from '../lib/vendors/registry.js';
import { loadCorpus } from './corpus.js';

/**
 * Figure 5, run as `node --expose-gc dist/bench/memory.js N [WARMUP]`: N callbacks through the in-process
 * pipeline (a sink that keeps nothing, so what grows is the pipeline's), RSS after a full GC before
 * and after, and the peak RSS seen. Prints one JSON line.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const count = Number(process.argv[2] ?? 100_000);
/**
 * Callbacks before the first measurement: enough for the JIT, the lazily built schemas, and V8
 * growing its young generation to the size this allocation rate settles at (it starts at 1 MB and
 * doubles under pressure, a one-time step of up to ~30 MB of RSS that is not a leak and that a
 * 2,000-callback warm-up left inside the measured window). Growth after that is what leaks.
 */
const WARMUP = Number(process.argv[3] ?? 20_000);
const corpus = loadCorpus();
const config = loadConfig({ ALERTHOOK_TOKEN: 'bench' }, { sinkUrl: 'memory://', vendors: registeredVendors() });
const discard: Sink = {
  description: 'discard',
  writeEvents: async () => {},
  writeDeadLetter: async () => {},
  writeHeartbeat: async () => {},
  close: async () => {},
};
const receivers = Object.fromEntries(
  Object.entries(await loadVendors()).map(([name, vendor]) => [
    name,
    createCallbackReceiver({ vendor, config, mode: 'local', sink: async () => discard, log: () => {} }),
  ]),
);
const send = (i: number) => {
  const body = corpus[i % corpus.length]!;
  return receivers[body.vendor]!({
    transport: 'local-http',
    method: 'POST',
    path: '/',
    headers: { token: 'bench' },
    query: {},
    body: body.bytes,
    requestId: `r${i}`,
    platformAuthenticated: false,
  });
};

for (let i = 0; i < WARMUP; i++) await send(i);
gc();
gc();
const before = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
let peak = before;
for (let i = 0; i < count; i++) {
  const response = await send(i);
  if (response.statusCode !== 200) throw new Error(`callback ${i} answered ${response.statusCode}`);
  if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
gc();
gc();
const after = process.memoryUsage().rss;
const heapAfter = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({ callbacks: count, rssBeforeMb: before / 2 ** 20, rssAfterMb: after / 2 ** 20, peakRssMb: Math.max(peak, after) / 2 ** 20, heapGrowthMb: (heapAfter - heapBefore) / 2 ** 20 })}\n`,
);
