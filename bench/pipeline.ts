import { decodeCallback } from '../lib/pipeline/decode-callback.js';
import type { VendorProvider } from '../lib/vendors/vendor.js';
import type { CorpusBody } from './corpus.js';
import { compareSync } from './measure.js';

const SETTINGS = { defaultSeverity: 'warning', vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} } } as const;
const HEADERS = { 'x-volc-trace-id': 'bench-trace' };

/**
 * Figure 3: decode → validate → normalize → serialize for the whole corpus, against the floor of
 * reading the same bytes as JSON and writing them back (`JSON.parse` + `JSON.stringify`).
 * Nanoseconds per pass over the corpus.
 */
export function benchPipeline(vendors: Readonly<Record<string, VendorProvider>>, corpus: readonly CorpusBody[], quick = false): { pipelineNs: number; floorNs: number; events: number } {
  let events = 0;
  for (const body of corpus) {
    const decoded = decodeCallback(vendors[body.vendor]!, body.bytes, HEADERS, SETTINGS);
    if (decoded.outcome !== 'events') throw new Error(`bench body ${body.name} did not normalize: ${decoded.outcome}`);
    events += decoded.events.length;
  }
  let sink = 0;
  const pipeline = () => {
    for (const body of corpus) {
      const decoded = decodeCallback(vendors[body.vendor]!, body.bytes, HEADERS, SETTINGS);
      if (decoded.outcome === 'events') sink += decoded.events[0]?.json.length ?? 0;
    }
  };
  const floor = () => {
    for (const body of corpus) sink += JSON.stringify(JSON.parse(body.bytes.toString('utf8'))).length;
  };
  const { a, b } = compareSync(pipeline, floor, quick ? { warmup: 10, rounds: 3, iterations: 10 } : { warmup: 300, rounds: 9, iterations: 400 });
  if (sink < 0) throw new Error('unreachable: keeps the results alive');
  return { pipelineNs: a, floorNs: b, events };
}
