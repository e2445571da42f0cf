import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { parseVendorJson } from '../../lib/json/parse-vendor-json.js';

// The sample corpus as bodies: every committed sample, and seeded one-value mutations of them, for
// tests that run something twice (optimized and not) and compare every answer and event.

/** Every committed sample file of the vendor, each of its sources' (the samples folders under lib/vendors/VENDOR), by path. */
export function vendorSampleFiles(vendor: string): { path: string; text: string }[] {
  const root = join(import.meta.dirname, '../../lib/vendors', vendor);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.json') && path.split(sep).at(-2) === 'samples')
    .sort()
    .map((path) => ({ path: `${vendor}/${path}`, text: readFileSync(join(root, path), 'utf8') }));
}

/** Every committed sample of the vendor, each of its sources', as text. */
export function vendorSamples(vendor: string): string[] {
  return vendorSampleFiles(vendor).map((file) => file.text);
}

/** Samples with one value replaced, fixed by `seed`: bodies that pass, drift, or fail the schemas. */
export function fuzzedBodies(samples: string[], seed: number): string[] {
  const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
  return fc.sample(fc.tuple(fc.nat(), fc.nat(), leaf), { seed, numRuns: 60 }).map(([which, where, value]) => {
    const parsed = parseVendorJson(samples[which % samples.length] as string); // the samples carry trailing commas
    if (!parsed.ok) throw new Error(parsed.error);
    const body = parsed.value as any;
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (node !== null && typeof node === 'object')
        for (const [key, child] of Object.entries(node)) walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
      else paths.push(path);
    };
    walk(body, []);
    const path = paths[where % paths.length] as (string | number)[];
    let parent = body;
    for (const key of path.slice(0, -1)) parent = parent[key];
    parent[path.at(-1) as string | number] = value;
    return JSON.stringify(body);
  });
}
