import { describe, expect, it } from 'vitest';
import { startLocalServer } from '../../lib/server/local-server.js';
import { openFallbackStore } from '../../lib/sinks/fallback-store.js';
import { createS3Sink } from '../../lib/sinks/s3/sink.js';
import { driveThroughOutage, expectedIds, retryWindowMs } from '../helpers/outage-driver.js';
import { testConfig } from '../helpers/receiver.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3_KEYS, listS3Keys, startVerifyingS3Proxy, type S3Server } from '../helpers/s3.js';
import { useScratchDir } from '../helpers/scratch-dir.js';

// The S3 server (s3rver, in a process of its own) SIGKILLed and started again on the same port and data, for
// longer than the vendors' scaled-down retries, while a vendor-like driver sends firing and
// recovery notifications; the sink talks to it through the signature-checking proxy, which answers
// 502 while it is down. A bucket keys events by id, so it holds no order to check; the RabbitMQ
// outage test checks the order.

// The fallback directory is on tmpfs where there is one: these tests are about the answers and the
// order, not the disk, and a loaded disk's fsyncs would eat the budget's share left for the fallback.
const tempDir = useScratchDir();
/** s3rver as a child process on `port` (0: any), resolving once it listens. */
async function startS3Process(port: number, directory: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '../helpers/s3-process.mjs'), String(port), directory, 'alerts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listening = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  return { child, port: listening };
}

const DRIVE = { alerts: 20, gapMs: 30, clientTimeoutMs: 600, retryDelayMs: 50, cutAtMs: 200 };

describe('an S3 server outage longer than the vendors retry', () => {
  it('with a fallback: once the server is back, every event is in the bucket, with nobody acting', async () => {
    const data = mkdtempSync(join(tmpdir(), 'alerthook-s3-outage-'));
    let s3 = await startS3Process(0, data);
    const server3: S3Server = { port: s3.port, endpoint: '', directory: data, stop: async () => {}, close: async () => {} };
    const proxy = await startVerifyingS3Proxy(server3, S3_KEYS.ALERTHOOK_S3_SECRET_ACCESS_KEY);
    const dir = tempDir();
    const fallback = await openFallbackStore(`file://${dir}`, {});
    const sink = createS3Sink(`s3://alerts?endpoint=${proxy.endpoint}&region=ap-guangzhou&style=path`, S3_KEYS);
    const server = await startLocalServer({
      config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: '400', ALERTHOOK_REDRIVE_INTERVAL_MS: '50' }),
      sink,
      fallback,
      host: '127.0.0.1',
      port: 0,
      log: () => {},
    });
    try {
      const drive = await driveThroughOutage({
        ...DRIVE,
        url: server.url,
        outage: async () => {
          s3.child.kill('SIGKILL');
          await new Promise((resolve) => setTimeout(resolve, retryWindowMs(DRIVE) + 300));
          s3 = await startS3Process(server3.port, data);
        },
      });
      const expected = new Set(expectedIds(drive.bodies));
      const stored = async () =>
        new Set((await listS3Keys(server3, 'alerts', 'events/')).map((key) => key.replace(/^.*\/([0-9a-f]+)\.json$/, '$1')));
      const end = Date.now() + 15_000;
      while (((await stored()).size < expected.size || (await fallback.list()).length > 0) && Date.now() < end)
        await new Promise((resolve) => setTimeout(resolve, 50));
      console.log(
        `sink-outage s3: ${JSON.stringify({ callbacks: drive.bodies.length, answers: drive.answers, neverAccepted: drive.neverAccepted })}`,
      );
      expect(drive.answers.deferred ?? 0).toBeGreaterThan(0);
      expect(drive.neverAccepted).toBe(0);
      expect(await stored()).toEqual(expected);
      expect(await fallback.list()).toEqual([]);
    } finally {
      await server.close();
      await proxy.close();
      s3.child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  }, 40_000);
});
