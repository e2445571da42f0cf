import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot as repoRoot } from '../../lib/package-root.js';
import type { TencentDimensionSample, VolcengineSampleType } from './seeds.js';

/**
 * The vendors' sample bodies cut out of the seed documents themselves, in ../shared/seeds/ (the
 * repository's sibling, as on CI; ALERTHOOK_SEEDS_DIR to point elsewhere). This is the cut the
 * repository's fixtures (test/fixtures/seeds/) were made with, kept so that one test can check,
 * wherever the documents are at hand, that the fixtures are still the documents' bytes. No other
 * test reads these documents: a clone without ../shared must pass.
 */

export const SEEDS_DIR = process.env.ALERTHOOK_SEEDS_DIR ?? resolve(repoRoot(import.meta.url), '../shared/seeds');

/** Whether the seed documents are at hand (their index, README.md, names them). */
export function seedDocumentsPresent(): boolean {
  return existsSync(resolve(SEEDS_DIR, 'README.md'));
}

/** The text of the seed document whose name starts with `prefix` (`000_`, `003_`). */
export function seedDocument(prefix: string): string {
  const path = resolve(SEEDS_DIR, readSeedIndex().find((name) => name.startsWith(prefix)) ?? `${prefix}-missing`);
  if (!existsSync(path)) throw new Error(`seed document ${prefix}* not found in ${SEEDS_DIR}`);
  return readFileSync(path, 'utf8');
}

function readSeedIndex(): string[] {
  const readme = resolve(SEEDS_DIR, 'README.md');
  if (!existsSync(readme)) throw new Error(`${readme} not found`);
  return [...readFileSync(readme, 'utf8').matchAll(/^\| (\S+\.txt) \|/gm)].map((m) => m[1] as string);
}

/** Tencent's two full sample bodies and every `dimensions` snippet, verbatim, from its document. */
export function tencentDocumentSeeds(): { metric: string; event: string; dimensions: TencentDimensionSample[] } {
  const doc = seedDocument('000_');
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

/** Volcengine's four metric-callback sample bodies, verbatim (one line each in its document). */
export function volcengineDocumentSeeds(): Record<VolcengineSampleType, string> {
  const lines = seedDocument('003_')
    .split('\n')
    .filter((line) => line.startsWith('{ "Type"'));
  const out: Partial<Record<VolcengineSampleType, string>> = {};
  for (const line of lines) out[/"Type": "(\w+)"/.exec(line)?.[1] as VolcengineSampleType] = line;
  for (const type of ['Metric', 'MetricRecovered', 'MetricsNoData', 'NoDataRecovered'] as const) {
    if (out[type] === undefined) throw new Error(`Volcengine sample ${type} not found in the seed document`);
  }
  return out as Record<VolcengineSampleType, string>;
}
