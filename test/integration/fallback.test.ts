import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCallbackReceiver } from '../../lib/pipeline/receive-callback.js';
import { BODY_TOO_LARGE } from '../../lib/pipeline/callback.js';
import type { DeferredStore, Sink } from '../../lib/pipeline/delivery.js';
import { openFallbackStore } from '../../lib/sinks/fallback-store.js';
import type { LogFields } from '../../lib/log.js';
import { recentTencentAlarm } from '../helpers/callback-bodies.js';
import { OrderedSink } from '../helpers/ordered-sink.js';
import { TEST_TOKEN, VENDORS, basicAuth, request, testConfig } from '../helpers/receiver.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const json = (body: string) => JSON.parse(body);

function receiverWith(sink: Sink, fallback: DeferredStore | undefined, env: Record<string, string> = {}) {
  const logs: LogFields[] = [];
  const receive = createCallbackReceiver({
    vendor: VENDORS.tencent,
    config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: '200', ...env }),
    mode: 'function',
    sink: async () => sink,
    ...(fallback === undefined ? {} : { fallback: async () => fallback }),
    log: (line) => logs.push(line),
  });
  return { receive, logs };
}

const deferredFiles = (dir: string) => listFiles(dir).filter((file) => file.startsWith('deferred/'));

describe('the fallback store', () => {
  it('keeps a callback the sink refused as a deferred letter, byte for byte, and answers 2xx with the ack fields', async () => {
    const dir = tempDir();
    const sink = new OrderedSink();
    sink.down = new Error('connection refused');
    const { receive, logs } = receiverWith(sink, await openFallbackStore(`file://${dir}`, {}));
    const body = recentTencentAlarm('policy-a', 'firing');
    const response = await receive(request({ body, path: '/', headers: { authorization: basicAuth(TEST_TOKEN), 'x-trace': 't1' } }));

    expect(response.statusCode).toBe(200);
    const answer = json(response.body);
    expect(answer).toMatchObject({ status: 'deferred', retCode: 0, sessionId: 'policy-a-firing' });
    const files = deferredFiles(dir);
    expect(files).toEqual([`deferred/tencent/${answer.deferredId}.body`, `deferred/tencent/${answer.deferredId}.json`]);
    expect(readFileSync(join(dir, files[0] as string), 'utf8')).toBe(body);
    const meta = json(readFileSync(join(dir, files[1] as string), 'utf8'));
    expect(meta.errors[0]).toMatch(/^sink write failed: connection refused/);
    expect(meta.headers).toEqual({ 'x-trace': 't1' }); // no credentials kept
    expect(meta.path).toBe('/');
    expect(JSON.stringify(meta)).not.toContain(TEST_TOKEN);
    // Loud: an error line, though the vendor got its 2xx.
    expect(logs).toEqual([expect.objectContaining({ level: 'error', outcome: 'deferred', status: 200 })]);
    expect(String(logs[0]?.detail)).toContain('connection refused');
  });

  it('defers within the time budget when the sink stalls past it', async () => {
    const dir = tempDir();
    const sink = new OrderedSink();
    sink.stallMs = 2_000;
    const { receive } = receiverWith(sink, await openFallbackStore(`file://${dir}`, {}));
    const started = performance.now();
    const response = await receive(request({ body: recentTencentAlarm('policy-b', 'firing') }));
    expect(performance.now() - started).toBeLessThan(400); // the budget is 200 ms; a 2 s stall is not waited for
    expect(json(response.body).status).toBe('deferred');
    expect(deferredFiles(dir)).toHaveLength(2);
  });

  it('settles a deferred letter whose stalled write completed after all, so redrive does not deliver it twice', async () => {
    const dir = tempDir();
    const sink = new OrderedSink();
    // A budget whose quarter (the fallback's share) an fsync meets on a loaded machine: 1 s, the
    // sink's ¾ ends at 750 ms, and the write lands at 900 ms, after the callback was answered.
    sink.stallMs = 900;
    sink.honoursAbort = false;
    const fallback = await openFallbackStore(`file://${dir}`, {});
    const { receive } = receiverWith(sink, fallback, { ALERTHOOK_TIME_BUDGET_MS: '1000' });
    expect(JSON.parse((await receive(request({ body: recentTencentAlarm('policy-s', 'firing') }))).body).status).toBe('deferred');
    expect(await fallback.list()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sink.acknowledged).toHaveLength(1); // the stalled write landed
    expect(await fallback.list()).toEqual([]); // and its letter moved under replayed/
    expect(deferredFiles(dir)).toEqual([]);
    expect(listFiles(dir).filter((f) => f.startsWith('replayed/deferred/'))).toHaveLength(2);
  });

  it('defers a bad body whose dead-letter store failed', async () => {
    const dir = tempDir();
    const sink = new OrderedSink();
    sink.down = new Error('bucket gone');
    const { receive } = receiverWith(sink, await openFallbackStore(`file://${dir}`, {}));
    const response = await receive(request({ body: 'not json' }));
    expect(json(response.body)).toMatchObject({ status: 'deferred' });
    const meta = json(readFileSync(join(dir, deferredFiles(dir)[1] as string), 'utf8'));
    expect(meta.errors[0]).toMatch(/^dead-letter write failed: bucket gone/);
  });

  it('defers when the sink cannot even be opened (a missing credential, a missing exchange)', async () => {
    const dir = tempDir();
    const fallback = await openFallbackStore(`file://${dir}`, {});
    const receive = createCallbackReceiver({
      vendor: VENDORS.tencent,
      config: testConfig(),
      mode: 'function',
      sink: async () => {
        throw new Error('ALERTHOOK_S3_ACCESS_KEY_ID is not set');
      },
      fallback: async () => fallback,
      log: () => {},
    });
    const response = await receive(request({ body: recentTencentAlarm('policy-c', 'firing') }));
    expect(json(response.body).status).toBe('deferred');
    const meta = json(readFileSync(join(dir, deferredFiles(dir)[1] as string), 'utf8'));
    expect(meta.errors[0]).toBe('sink unavailable: ALERTHOOK_S3_ACCESS_KEY_ID is not set');
  });

  it('answers 503 when the fallback fails too, naming both in the log', async () => {
    const sink = new OrderedSink();
    sink.down = new Error('broker down');
    const fallback: DeferredStore = {
      description: 'broken',
      writeDeferred: async () => {
        throw new Error('disk full');
      },
    };
    const { receive, logs } = receiverWith(sink, fallback);
    const response = await receive(request({ body: recentTencentAlarm('policy-d', 'firing') }));
    expect(response.statusCode).toBe(503);
    expect(logs[0]).toMatchObject({ outcome: 'sink-failed', level: 'error' });
    expect(String(logs[0]?.detail)).toMatch(/broker down.*fallback store failed too: disk full/);
  });

  it('keeps nothing unauthenticated or oversize, and nothing for a URL check', async () => {
    const dir = tempDir();
    const sink = new OrderedSink();
    sink.down = new Error('down');
    const { receive } = receiverWith(sink, await openFallbackStore(`file://${dir}`, {}));
    const body = recentTencentAlarm('policy-e', 'firing');
    expect((await receive(request({ body, headers: {} }))).statusCode).toBe(401);
    expect((await receive(request({ body, headers: { authorization: basicAuth('wrong') } }))).statusCode).toBe(401);
    expect((await receive(request({ body: BODY_TOO_LARGE }))).statusCode).toBe(413);
    expect((await receive(request({ body: '{"sessionId":"probe"}' }))).statusCode).toBe(200);
    expect(deferredFiles(dir)).toEqual([]);
  });

  it('without a fallback, a failing sink is 503 as before', async () => {
    const sink = new OrderedSink();
    sink.down = new Error('down');
    const { receive } = receiverWith(sink, undefined);
    expect((await receive(request({ body: recentTencentAlarm('policy-f', 'firing') }))).statusCode).toBe(503);
  });
});
