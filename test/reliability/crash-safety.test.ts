import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot as repoRoot } from '../../lib/package-root.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const KILLS = Number(process.env.ALERTHOOK_CRASH_KILLS ?? 25);
const fileSink = pathToFileURL(join(repoRoot(import.meta.url), 'dist/lib/sinks/file/sink.js')).href;

/**
 * A child process writes one event id again and again through the real (built) file sink, each
 * write a new numbered version (large, its padding alternating between two letters), and says which
 * number each acknowledged write was; the test kills it with SIGKILL at a random moment. Whatever
 * moment that was, the event's file must be one whole version, the last one acknowledged or the one
 * being written: never a mix, never a prefix, never an older one. A kill between a write's start and
 * its rename leaves that write's temporary file behind (readers skip it): how the test knows that
 * kills landed mid-write.
 */
const WRITER = `
  const { createFileSink } = await import(${JSON.stringify(fileSink)});
  const sink = createFileSink('file://' + process.env.DIR);
  const pads = ['A'.repeat(2_000_000), 'B'.repeat(2_000_000)];
  // The JSON by concatenation, not JSON.stringify: 2 MB stringified per write would spend much of
  // the writer's time between writes, and fewer kills would land in one.
  const version = (seq) => {
    const event = { id: 'a'.repeat(32), time: '2024-04-11T06:51:01Z', data: { vendor: 'volcengine', seq } };
    return { event, json: JSON.stringify(event).slice(0, -2) + ',"pad":"' + pads[seq % 2] + '"}}' };
  };
  process.stdout.write('ready\\n');
  for (let seq = Number(process.env.FIRST_SEQ); ; seq++) {
    await sink.writeEvents([version(seq)]);
    process.stdout.write('acknowledged ' + seq + '\\n');
  }
`;

describe('crash safety of the file sink', () => {
  it(`${KILLS} kills at random moments mid-write leave the old file or the new one, never a torn one`, async () => {
    const dir = tempDir();
    const target = join(dir, 'events/volcengine/2024-04-11', `${'a'.repeat(32)}.json`);
    const temporaries = () => listFiles(dir).filter((f) => f.endsWith('.tmp')).length;
    let midWrite = 0;
    let held: number | 'absent' = 'absent'; // the version on disk when the previous writer died
    for (let kill = 0; kill < KILLS; kill++) {
      const temporariesBefore = temporaries();
      const firstSeq = kill * 1_000_000; // each writer's numbers are its own
      const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER], {
        env: { ...process.env, DIR: dir, FIRST_SEQ: String(firstSeq) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 120));
      const closed = new Promise((resolve) => child.once('close', resolve)); // stdout read to its end
      child.kill('SIGKILL');
      await closed;
      const acknowledged = [...out.matchAll(/^acknowledged (\d+)$/gm)].map((m) => Number(m[1]));
      const old = acknowledged.at(-1) ?? held;
      const inFlight = firstSeq + acknowledged.length;
      if (temporaries() > temporariesBefore) midWrite++;
      held = existsSync(target) ? versionIn(readFileSync(target, 'utf8')) : 'absent';
      expect([old, inFlight], `kill ${kill}: ${acknowledged.length} writes acknowledged`).toContain(held);
    }
    console.log(`crash-safety: ${JSON.stringify({ kills: KILLS, killsMidWrite: midWrite, leftoverTmpFiles: temporaries() })}`);
    // The kills did land mid-write (some left a temporary file behind); without that the checks above prove little.
    expect(midWrite).toBeGreaterThan(0);
    expect(listFiles(dir).filter((f) => f.endsWith('.json'))).toEqual([`events/volcengine/2024-04-11/${'a'.repeat(32)}.json`]);
  }, 120_000);

  /**
   * Ten writers at once through one sink, so their directory fsyncs are shared (group commit); each
   * prints an event's id only once `writeEvents` has resolved, i.e. once it would be acknowledged.
   * After a kill at a random moment, every id printed must be a whole file on disk.
   */
  const CONCURRENT_WRITER = `
    const { createFileSink } = await import(${JSON.stringify(fileSink)});
    const sink = createFileSink('file://' + process.env.DIR);
    const event = (n) => {
      const id = n.toString(16).padStart(32, '0');
      const value = { id, time: '2024-04-11T06:51:01Z', data: { vendor: 'volcengine', pad: 'x'.repeat(20_000 + (n % 7) * 1000) } };
      return { event: value, json: JSON.stringify(value) };
    };
    let next = 0;
    process.stdout.write('ready\\n');
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (;;) {
        const written = event(next++);
        await sink.writeEvents([written]);
        process.stdout.write(written.event.id + '\\n');
      }
    }));
  `;

  it(`${KILLS} kills of ten concurrent writers sharing fsyncs: every write acknowledged before the kill is a whole file`, async () => {
    let acknowledged = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const dir = tempDir();
      const child = spawn(process.execPath, ['--input-type=module', '-e', CONCURRENT_WRITER], {
        env: { ...process.env, DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await new Promise<void>((resolve) => {
        const check = () => (out.includes('ready\n') ? resolve() : setTimeout(check, 5));
        check();
      });
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 120));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const ids = out.split('\n').filter((line) => /^[0-9a-f]{32}$/.test(line));
      acknowledged += ids.length;
      for (const id of ids) {
        const event = JSON.parse(readFileSync(join(dir, 'events/volcengine/2024-04-11', `${id}.json`), 'utf8'));
        expect(event.id).toBe(id);
      }
    }
    console.log(`crash-safety (concurrent): ${JSON.stringify({ kills: KILLS, acknowledgedWritesChecked: acknowledged })}`);
    expect(acknowledged).toBeGreaterThan(0);
  }, 120_000);
});

/** The number of the whole version a file holds; a torn file does not parse, or its padding is short or mixed. */
function versionIn(text: string): number {
  const { seq, pad } = JSON.parse(text).data as { seq: number; pad: string };
  expect(pad).toBe((seq % 2 === 0 ? 'A' : 'B').repeat(2_000_000));
  return seq;
}
