import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot as repoRoot } from '../../lib/package-root.js';
import { parseVendorJson } from '../../lib/json/parse-vendor-json.js';

/**
 * The vendors' sample bodies, verbatim as their documents print them, from the repository's own
 * fixtures: Tencent's in test/fixtures/seeds/tencent/, Volcengine's in lib/vendors/volcengine/samples/
 * (the same bytes the CLI and the bench use, so one copy). test/fixtures/seeds/README.md says which
 * document and section each was cut from; test/unit/seed-fixtures.test.ts checks them against the
 * documents in ../shared/seeds/ wherever those are at hand. Nothing here rewrites a sample;
 * `stripDocAnnotations` exists because Tencent's page annotates its samples with `// …` comments
 * that no delivery carries, and it is applied only where a test says so.
 */

const ROOT = repoRoot(import.meta.url);

/** Where each fixture lives. Each file is its cut followed by one newline, as text files end. */
export const SEED_FIXTURES = {
  tencent: {
    metric: join(ROOT, 'test/fixtures/seeds/tencent/metric.txt'),
    event: join(ROOT, 'test/fixtures/seeds/tencent/event.txt'),
    metricDimensions: join(ROOT, 'test/fixtures/seeds/tencent/metric-dimensions.md'),
    eventDimensions: join(ROOT, 'test/fixtures/seeds/tencent/event-dimensions.md'),
  },
  volcengine: {
    Metric: join(ROOT, 'lib/vendors/volcengine/samples/metric.json'),
    MetricRecovered: join(ROOT, 'lib/vendors/volcengine/samples/metric-recovered.json'),
    MetricsNoData: join(ROOT, 'lib/vendors/volcengine/samples/nodata.json'),
    NoDataRecovered: join(ROOT, 'lib/vendors/volcengine/samples/nodata-recovered.json'),
  },
} as const;

/** A fixture's cut: the file without the newline that ends it. */
function readCut(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!text.endsWith('\n')) throw new Error(`${path} does not end with a newline; its cut would lose a byte`);
  return text.slice(0, -1);
}

export interface TencentDimensionSample {
  /** The product heading above the snippet in the document, e.g. `云服务器 CVM`. */
  product: string;
  kind: 'metric' | 'event';
  /** `"dimensions": {…}` exactly as in the document. */
  snippet: string;
}

/** The snippets of one of the document's two `dimensions 示例` sections, each under its product heading. */
function dimensionSnippets(section: string, kind: TencentDimensionSample['kind']): TencentDimensionSample[] {
  return [...section.matchAll(/```\n([\s\S]*?)\n```/g)].map((m) => {
    const heading = [...section.slice(0, m.index).matchAll(/^(?:\*\*(.+?)\*\*|#+ (.+))$/gm)].pop();
    return { product: (heading?.[1] ?? heading?.[2] ?? 'unknown').trim(), kind, snippet: m[1] as string };
  });
}

/** Tencent's two full sample bodies and every `dimensions` snippet, verbatim. */
export function tencentSeeds(): { metric: string; event: string; dimensions: TencentDimensionSample[] } {
  const files = SEED_FIXTURES.tencent;
  return {
    metric: readCut(files.metric),
    event: readCut(files.event),
    dimensions: [
      ...dimensionSnippets(readCut(files.metricDimensions), 'metric'),
      ...dimensionSnippets(readCut(files.eventDimensions), 'event'),
    ],
  };
}

export type VolcengineSampleType = keyof typeof SEED_FIXTURES.volcengine;

/** Volcengine's four metric-callback sample bodies, verbatim (one line each in the document). */
export function volcengineSeeds(): Record<VolcengineSampleType, string> {
  const files = SEED_FIXTURES.volcengine;
  return {
    Metric: readCut(files.Metric),
    MetricRecovered: readCut(files.MetricRecovered),
    MetricsNoData: readCut(files.MetricsNoData),
    NoDataRecovered: readCut(files.NoDataRecovered),
  };
}

/** Removes `// …` comments outside strings: the annotations on Tencent's documented samples. */
export function stripDocAnnotations(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out = out.replace(/[ \t]+$/, '');
      if (i < text.length) out += '\n';
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}

/** A sample body as a JS object, via the same lenient parse the receiver uses (tested on its own). */
export function parseSample(text: string): Record<string, any> {
  const parsed = parseVendorJson(text);
  if (!parsed.ok) throw new Error(`sample does not parse: ${parsed.error}`);
  return parsed.value as Record<string, any>;
}
