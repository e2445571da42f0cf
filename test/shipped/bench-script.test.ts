import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../bench/report.js';
import { sinkKinds } from '../../lib/sinks/registry.js';
import { loadVendors, registeredVendors } from '../../lib/vendors/registry.js';
import { sourcesOf } from '../../lib/vendors/vendor-sources.js';
import { npm } from '../helpers/built-cli.js';
import { scratchCopy } from '../helpers/scratch-copy.js';

// `npm run bench -- --quick`: every figure of the six groups is measured against its target (the
// bench is not part of npm test; this checks that it runs and reports what it says). Its own file,
// so that its half-minute runs beside the other tests rather than after them.

const vendorNames = registeredVendors().map((vendor) => vendor.name);

describe('npm run bench', () => {
  it('npm run bench -- --quick --json measures every figure of the six groups against its target', async () => {
    // In a copy: the bench bundles the functions into the package's .bundle/, replacing whatever a
    // user had built there with `npm run bundle`.
    const copy = scratchCopy();
    const result = await npm(['run', 'bench', '--', '--quick', '--json'], copy.dir).finally(() => copy.remove());
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as BenchReport;
    const figures = (group: number) => report.rows.filter((row) => row.group === group).map((row) => row.figure);
    expect(figures(1)).toEqual(expect.arrayContaining(['s3 callback p50 (ms)', 's3 callback p99 (ms)']));
    // RabbitMQ is measured when one answers, and otherwise the report says it was skipped.
    if (!figures(1).includes('amqp callback p50 (ms)')) expect(report.notes.join('\n')).toMatch(/amqp: skipped/);
    expect(figures(2).filter((figure) => !figure.includes('for scale'))).toEqual([
      expect.stringMatching(/^10 concurrent/),
      expect.stringMatching(/^50 concurrent/),
    ]);
    // One pipeline row per source of every vendor; each vendor's cold start in instructions (when
    // valgrind is installed: against the floor, and against a minimal durable handler for scale), CPU and wall time.
    const sourceTitles = Object.values(await loadVendors()).flatMap((vendor) => sourcesOf(vendor).map((source) => source.title));
    expect(sourceTitles.length).toBeGreaterThanOrEqual(6);
    expect(
      figures(3)
        .map((figure) => figure.split(':')[0])
        .sort(),
    ).toEqual([...sourceTitles].sort());
    for (const fn of vendorNames) {
      const measured = figures(4).filter((figure) => figure.startsWith(`${fn}: `));
      const counted = measured.some((figure) => figure.includes('instructions'));
      if (!counted) expect(report.notes.join('\n')).toMatch(new RegExp(`cold start, ${fn}: instruction count skipped`));
      expect(measured).toHaveLength(counted ? 4 : 2);
      const durable = report.rows.find(
        (row) => row.group === 4 && row.figure.startsWith(`${fn}: the same, against a minimal durable handler`),
      );
      if (counted) {
        // The handler's own ratio to the floor is in the figure: a handler that writes costs more than one that only reads.
        const floor = report.rows.find((row) => row.group === 4 && row.figure.startsWith(`${fn}: load + 1 callback`))!.reference!;
        expect(durable, `${fn}: no row against the minimal durable handler`).toBeDefined();
        expect(durable!.figure).toContain(`it is ${(durable!.reference! / floor).toFixed(2)}× the floor`);
        expect(durable!.reference!).toBeGreaterThan(floor);
      } else expect(durable).toBeUndefined();
    }
    expect(figures(5).map((figure) => figure.split(/[/:]/)[0])).toEqual([...vendorNames.map((name) => `bundle ${name}`), 'memory']);
    // The fallback store: a redrive's letters per second on each filesystem measured (tmpfs, and the
    // temporary directory's), and a deferred callback's answer against a live one's, p50 and p99.
    const fallback = figures(6);
    expect(fallback.filter((figure) => /^redrive from .+ \(letters\/s; .* events\/s\)$/.test(figure)).length).toBeGreaterThanOrEqual(1);
    expect(fallback).toEqual(expect.arrayContaining(['deferred answer p50 (ms)', 'deferred answer p99 (ms)']));
    for (const row of report.rows) {
      expect(Number.isFinite(row.ours), row.figure).toBe(true);
      expect(row.target).not.toBe('');
      // A figure with a target passes or misses; one given for scale only says so.
      expect(row.pass === null ? row.target : typeof row.pass, row.figure).toBe(row.pass === null ? 'information' : 'boolean');
      // A reference says what it is; a ratio is ours over that reference, or absent.
      if (row.reference !== null) expect(row.referenceLabel, row.figure).not.toBe('');
      if (row.ratio !== null) expect(row.ratio, row.figure).toBeCloseTo(row.ours / (row.reference as number), 6);
    }
    expect(report.sinkChunks.map((chunk) => chunk.split(' ')[0]).sort()).toEqual(
      sinkKinds()
        .map((kind) => kind.name)
        .sort(),
    );
    for (const chunk of report.sinkChunks) expect(chunk).toMatch(/^[a-z0-9]+ [\d.]+ KB$/);
    // Progress lines in the order they are numbered.
    const steps = [...result.stderr.matchAll(/^(\d+)\/(\d+) /gm)].map((m) => Number(m[1]));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    // Three callgrind runs (the first bundle, its floor and the durable handler, one seed each) take most of the three minutes.
  }, 180_000);
});
