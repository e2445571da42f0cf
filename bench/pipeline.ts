import type { VendorName } from '../lib/event/alert-event.js';
import { decodeCallback } from '../lib/pipeline/decode-callback.js';
import type { VendorProvider } from '../lib/vendors/vendor.js';
import { sourcesOf } from '../lib/vendors/vendor-sources.js';
import type { CorpusBody } from './corpus.js';
import { compareSync } from './measure.js';

const SETTINGS = { defaultSeverity: 'warning', vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} } } as const;
const HEADERS = { 'x-volc-trace-id': 'bench-trace' };

export interface PipelineFigure {
  vendor: VendorName;
  /** The source's title, as its manifest names it. */
  source: string;
  bodies: number;
  events: number;
  /** Nanoseconds per pass over the vendor's bodies. */
  pipelineNs: number;
  floorNs: number;
}

/**
 * Figure 3, one per source: decode → validate → normalize → serialize over the vendor's bodies,
 * against a floor that does the work no pipeline can skip: parse each body, and serialize event
 * objects of the very bytes the pipeline writes (built once beforehand, as plain JSON values). The
 * ratio is then what validation and normalization cost on top of reading and writing.
 */
export function benchPipeline(
  vendors: Readonly<Record<string, VendorProvider>>,
  corpus: readonly CorpusBody[],
  quick = false,
): PipelineFigure[] {
  const figures: PipelineFigure[] = [];
  for (const key of [...new Set(corpus.map((body) => `${body.vendor}/${body.source}`))]) {
    const bodies = corpus.filter((body) => `${body.vendor}/${body.source}` === key);
    const { vendor, source: sourceName } = bodies[0] as CorpusBody;
    const provider = vendors[vendor] as VendorProvider;
    const source = sourcesOf(provider).find((candidate) => candidate.name === sourceName);
    if (source === undefined) throw new Error(`bench: ${vendor} has no source ${sourceName}`);
    // Each body names its source as its path would, so no row depends on telling sources apart by shape.
    const options = { sourceName };
    const prebuilt = bodies.map((body) => {
      const decoded = decodeCallback(provider, body.bytes, HEADERS, SETTINGS, options);
      if (decoded.outcome !== 'events') throw new Error(`bench body ${body.name} did not normalize: ${decoded.outcome}`);
      return decoded.events.map((encoded) => {
        const copy: unknown = JSON.parse(encoded.json);
        if (JSON.stringify(copy) !== encoded.json) throw new Error(`bench body ${body.name}: its event does not round-trip through JSON`);
        return copy;
      });
    });
    let sink = 0;
    const pipeline = () => {
      for (const body of bodies) {
        const decoded = decodeCallback(provider, body.bytes, HEADERS, SETTINGS, options);
        if (decoded.outcome === 'events') for (const encoded of decoded.events) sink += encoded.json.length;
      }
    };
    const floor = () => {
      for (let i = 0; i < bodies.length; i++) {
        sink += JSON.parse(bodies[i]!.bytes.toString('utf8')) === null ? 0 : 1;
        for (const event of prebuilt[i]!) sink += JSON.stringify(event).length;
      }
    };
    const { a, b } = compareSync(
      pipeline,
      floor,
      quick ? { warmup: 10, rounds: 3, iterations: 10 } : { warmup: 300, rounds: 9, iterations: 400 },
    );
    if (sink < 0) throw new Error('unreachable: keeps the results alive');
    figures.push({ vendor, source: source.title, bodies: bodies.length, events: prebuilt.flat().length, pipelineNs: a, floorNs: b });
  }
  return figures;
}
