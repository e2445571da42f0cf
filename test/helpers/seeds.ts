import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot as repoRoot } from '../../lib/package-root.js';
import { parseVendorJson } from '../../lib/json/parse-vendor-json.js';

/**
 * The vendors' sample bodies, cut verbatim out of the documents in ../shared/seeds/ (the
 * repository's sibling, as on CI). Nothing here rewrites a sample; `stripDocAnnotations` exists
 * because Tencent's page annotates its samples with `// …` comments that no delivery carries,
 * and it is applied only where a test says so.
 */

export const SEEDS_DIR = process.env.ALERTHOOK_SEEDS_DIR ?? resolve(repoRoot(import.meta.url), '../shared/seeds');

function seedFile(prefix: string): string {
  const path = resolve(SEEDS_DIR, readSeedIndex().find((name) => name.startsWith(prefix)) ?? `${prefix}-missing`);
  if (!existsSync(path)) throw new Error(`seed document ${prefix}* not found in ${SEEDS_DIR}; the tests need ../shared/seeds beside the repository`);
  return readFileSync(path, 'utf8');
}

function readSeedIndex(): string[] {
  const readme = resolve(SEEDS_DIR, 'README.md');
  if (!existsSync(readme)) throw new Error(`${readme} not found; the tests need ../shared/seeds beside the repository`);
  return [...readFileSync(readme, 'utf8').matchAll(/^\| (\S+\.txt) \|/gm)].map((m) => m[1] as string);
}

export interface TencentDimensionSample {
  /** The product heading above the snippet in the document, e.g. `云服务器 CVM`. */
  product: string;
  kind: 'metric' | 'event';
  /** `"dimensions": {…}` exactly as in the document. */
  snippet: string;
}

/** Tencent's two full sample bodies and every `dimensions` snippet, verbatim. */
export function tencentSeeds(): { metric: string; event: string; dimensions: TencentDimensionSample[] } {
  const doc = seedFile('000_');
  const eventSection = doc.indexOf('#### 事件告警');
  const blocks = [...doc.matchAll(/```\n([\s\S]*?)\n```/g)];
  const bodies = blocks.filter((m) => (m[1] as string).trimStart().startsWith('{')).map((m) => m[1] as string);
  if (bodies.length !== 2) throw new Error(`expected 2 Tencent sample bodies, found ${bodies.length}`);
  const dimensions = blocks
    .filter((m) => (m[1] as string).trimStart().startsWith('"dimensions"'))
    .map((m) => {
      const before = doc.slice(0, m.index);
      const heading = [...before.matchAll(/^(?:\*\*(.+?)\*\*|#+ (.+))$/gm)].pop();
      return {
        product: (heading?.[1] ?? heading?.[2] ?? 'unknown').trim(),
        kind: (m.index as number) > eventSection ? ('event' as const) : ('metric' as const),
        snippet: m[1] as string,
      };
    });
  return { metric: bodies[0] as string, event: bodies[1] as string, dimensions };
}

export type VolcengineSampleType = 'Metric' | 'MetricRecovered' | 'MetricsNoData' | 'NoDataRecovered';

/** Volcengine's four metric-callback sample bodies, verbatim (one line each in the document). */
export function volcengineSeeds(): Record<VolcengineSampleType, string> {
  const lines = seedFile('003_').split('\n').filter((line) => line.startsWith('{ "Type"'));
  const out: Partial<Record<VolcengineSampleType, string>> = {};
  for (const line of lines) out[/"Type": "(\w+)"/.exec(line)?.[1] as VolcengineSampleType] = line;
  for (const type of ['Metric', 'MetricRecovered', 'MetricsNoData', 'NoDataRecovered'] as const) {
    if (out[type] === undefined) throw new Error(`Volcengine sample ${type} not found in the seed document`);
  }
  return out as Record<VolcengineSampleType, string>;
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
