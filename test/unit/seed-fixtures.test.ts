import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/package-root.js';
import { SEEDS_DIR, seedDocument, seedDocumentsPresent, tencentDocumentSeeds, volcengineDocumentSeeds } from '../helpers/seed-documents.js';
import { SEED_FIXTURES, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

// The tests read the vendors' samples from the repository (test/fixtures/seeds/, lib/vendors/*/samples/)
// so that a clone alone passes. Their authority is the vendors' documents in ../shared/seeds/: here,
// wherever those are at hand, the samples are cut out of them again, as they first were, and must be
// the fixtures' very bytes. Without the documents this is skipped, visibly; on CI (CI set) their
// absence fails instead, so the check cannot quietly stop running there.

const present = seedDocumentsPresent();
const onCi = process.env.CI !== undefined && process.env.CI !== '';
if (!present)
  console.warn(
    `seed-fixtures: ${SEEDS_DIR} not found; ${onCi ? 'CI is set, so this fails' : 'the fixtures are not compared with the vendor documents (skipped)'}`,
  );

/** A fixture file's bytes against a cut from a document, which the file holds followed by a newline. */
function expectFileIsCut(path: string, cut: string): void {
  expect(readFileSync(path).equals(Buffer.from(`${cut}\n`, 'utf8')), `${path} differs from its cut in ${SEEDS_DIR}`).toBe(true);
}

describe.skipIf(!present && !onCi)(`the sample fixtures are the vendor documents' bytes (${SEEDS_DIR})`, () => {
  it('finds the documents (on CI their absence is a failure)', () => {
    expect(present, `${SEEDS_DIR} not found, and CI is set: the fixtures cannot be checked against the vendor documents`).toBe(true);
  });

  it.runIf(present)("Tencent's metric and event sample bodies", () => {
    const document = tencentDocumentSeeds();
    expectFileIsCut(SEED_FIXTURES.tencent.metric, document.metric);
    expectFileIsCut(SEED_FIXTURES.tencent.event, document.event);
  });

  it.runIf(present)("Tencent's two dimensions sections, cut whole, and every snippet in them", () => {
    const doc = seedDocument('000_');
    for (const section of [SEED_FIXTURES.tencent.metricDimensions, SEED_FIXTURES.tencent.eventDimensions]) {
      expect(doc.includes(readFileSync(section, 'utf8')), `${section} is not a verbatim cut of the document`).toBe(true);
    }
    const fromDocument = tencentDocumentSeeds().dimensions;
    expect(fromDocument.length).toBeGreaterThan(0);
    expect(tencentSeeds().dimensions).toEqual(fromDocument);
  });

  it.runIf(present)("Volcengine's four metric-callback sample bodies", () => {
    const document = volcengineDocumentSeeds();
    for (const type of ['Metric', 'MetricRecovered', 'MetricsNoData', 'NoDataRecovered'] as const)
      expectFileIsCut(SEED_FIXTURES.volcengine[type], document[type]);
    expect(volcengineSeeds()).toEqual(document);
  });
});

describe("the CLI's and the bench's Tencent samples", () => {
  // lib/vendors/tencent/samples/ ship without the page's `// …` annotations (no delivery carries
  // comments); they are the fixtures with only those removed, so one copy stays the authority.
  it('are the documented bodies with only the annotations removed', () => {
    const samples = join(packageRoot(), 'lib/vendors/tencent/samples');
    const seeds = tencentSeeds();
    expect(readFileSync(join(samples, 'metric.json'), 'utf8')).toBe(`${stripDocAnnotations(seeds.metric)}\n`);
    expect(readFileSync(join(samples, 'event.json'), 'utf8')).toBe(`${stripDocAnnotations(seeds.event)}\n`);
  });
});
