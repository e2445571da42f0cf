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
 * A child process writes one event id again and again through the real (built) file sink, its
 * content alternating between two large versions; the test kills it with SIGKILL at a random
 * moment. Whatever moment that was, the event's file must be absent (first write not finished),
 * or one whole version: never a mix, never a prefix.
 */
const WRITER = `
  const { createFileSink } = await import(${JSON.stringify(fileSink)});
  const sink = createFileSink('file://' + process.env.DIR);
  const version = (tag) => {
    const event = { id: 'a'.repeat(32), time: '2024-04-11T06:51:01Z', data: { vendor: 'volcengine', pad: tag.repeat(2_000_000) } };
    return { event, json: JSON.stringify(event) };
  };
  const versions = [version('A'), version('B')];
  process.stdout.write('ready\\n');
  for (let i = 0; ; i++) await sink.writeEvents([versions[i % 2]]);
`;

describe('crash safety of the file sink', () => {
  it(`${KILLS} kills at random moments mid-write leave the old file or the new one, never a torn one`, async () => {
    const dir = tempDir();
    const target = join(dir, 'events/volcengine/2024-04-11', `${'a'.repeat(32)}.json`);
    const seen = { absent: 0, A: 0, B: 0 };
    for (let kill = 0; kill < KILLS; kill++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER], { env: { ...process.env, DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 120));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      if (!existsSync(target)) {
        seen.absent++;
        continue;
      }
      const text = readFileSync(target, 'utf8');
      const event = JSON.parse(text); // a torn file would not parse
      const pad = event.data.pad as string;
      expect(pad.length).toBe(2_000_000);
      expect(pad === 'A'.repeat(2_000_000) || pad === 'B'.repeat(2_000_000)).toBe(true);
      seen[pad[0] as 'A' | 'B']++;
    }
    const leftovers = listFiles(dir).filter((f) => f.endsWith('.tmp'));
    console.log(`crash-safety: ${JSON.stringify({ kills: KILLS, ...seen, tornFiles: 0, leftoverTmpFiles: leftovers.length })}`);
    // The kills did land mid-write: some runs left temporary files behind (readers skip them).
    expect(seen.A + seen.B).toBeGreaterThan(0);
    expect(listFiles(dir).filter((f) => f.endsWith('.json'))).toEqual(['events/volcengine/2024-04-11/' + 'a'.repeat(32) + '.json']);
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
      const child = spawn(process.execPath, ['--input-type=module', '-e', CONCURRENT_WRITER], { env: { ...process.env, DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
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
