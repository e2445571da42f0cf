import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFields } from '../../lib/log.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { scheduledPayload } from '../../lib/scheduled-payload.js';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { openSinks } from '../../lib/sinks/open-sinks.js';
import { sendHeartbeat } from '../../lib/pipeline/send-heartbeat.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { alertmanagerBinary, startAlertmanager } from '../helpers/alertmanager.js';
import { TEST_TOKEN, VENDORS, testConfig } from '../helpers/receiver.js';
import { listFiles, listStoredFiles, useTempDir } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait-until.js';

// ALERTHOOK_HEARTBEAT: the deployed timer's tick (and serve's schedule) sends a heartbeat to the
// sink; without the deployed argument, or switched off, nothing is sent; a sink that cannot take it
// is an error in the log and in the tick's answer. With Alertmanager it is a dead man's switch:
// always firing while alerthook beats, resolved (and notified) once it stops.

const tempDir = useTempDir();
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const scfTick = (message: string) => ({ Type: 'Timer', TriggerName: 'alerthook-redrive', Time: '2026-12-02T01:00:00Z', Message: message });

function tencentFunction(env: Record<string, string>) {
  const logs: LogFields[] = [];
  const handler = createFunctionHandler(VENDORS.tencent, { env: { ALERTHOOK_TOKEN: TEST_TOKEN, ...env }, log: (l) => logs.push(l) });
  return { handler, logs };
}

const heartbeatFiles = (dir: string) => listStoredFiles(dir).filter((f) => f.startsWith('heartbeat/'));

describe('heartbeat from the scheduled trigger', () => {
  it('is written where the file sink keeps it, rewritten by a retried tick, and never as an event', async () => {
    const dir = tempDir();
    const { handler, logs } = tencentFunction({ ALERTHOOK_SINK: `file://${dir}`, ALERTHOOK_HEARTBEAT: '1' });
    const first = (await handler(scfTick(scheduledPayload(TEST_TOKEN)), {})) as { status: string; heartbeat: string };
    const again = (await handler(scfTick(scheduledPayload(TEST_TOKEN)), {})) as { heartbeat: string };
    expect(first.status).toBe('ok');
    expect(heartbeatFiles(dir)).toEqual(['heartbeat/tencent.json']);
    const stored = JSON.parse(readFileSync(join(dir, 'heartbeat/tencent.json'), 'utf8'));
    expect(stored).toMatchObject({ id: again.heartbeat, type: 'alerthook.heartbeat.v1', data: { vendor: 'tencent', intervalSeconds: 60 } });
    expect(Date.parse(stored.data.expiresAt) - Date.parse(stored.time)).toBe(4 * 60_000);
    expect(listFiles(dir).filter((f) => f.startsWith('events/'))).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'scheduled', heartbeat: again.heartbeat }));
    expect(logs.find((l) => l.msg === 'alerthook starting')).toMatchObject({ heartbeat: 'every 1 min, from the scheduled trigger' });
  });

  it('is not sent for a tick without the deployed argument, nor when switched off', async () => {
    const dir = tempDir();
    const on = tencentFunction({ ALERTHOOK_SINK: `file://${dir}`, ALERTHOOK_HEARTBEAT: '1' });
    expect(await on.handler(scfTick('alerthook-schedule:guess'), {})).toEqual({ status: 'ignored' });
    const off = tencentFunction({ ALERTHOOK_SINK: `file://${dir}` });
    expect(await off.handler(scfTick(scheduledPayload(TEST_TOKEN)), {})).toEqual({ status: 'ok', redriven: 0 });
    expect(heartbeatFiles(dir)).toEqual([]);
  });

  it('a sink that cannot take it makes the tick an error, logged, and nothing is claimed sent', async () => {
    const { handler, logs } = tencentFunction({ ALERTHOOK_SINK: 'file:///proc/alerthook-cannot-write-here', ALERTHOOK_HEARTBEAT: '1' });
    const answer = (await handler(scfTick(scheduledPayload(TEST_TOKEN)), {})) as Record<string, unknown>;
    expect(answer).toMatchObject({ status: 'error' });
    expect(answer.heartbeat).toBeNull();
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'heartbeat not sent', vendor: 'tencent' }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'scheduled', heartbeat: 'not sent' }));
  });

  it('rides along with the redrive when a fallback is configured, saying how many letters still wait', async () => {
    const dir = tempDir();
    const { handler } = tencentFunction({
      ALERTHOOK_SINK: `file://${dir}`,
      ALERTHOOK_FALLBACK: `file://${tempDir()}`,
      ALERTHOOK_HEARTBEAT: 'yes',
    });
    expect(await handler(scfTick(scheduledPayload(TEST_TOKEN)), {})).toMatchObject({ status: 'ok', redriven: 0, remaining: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'heartbeat/tencent.json'), 'utf8')).data.deferredWaiting).toBe(0);
  });
  it('a sink that cannot open with a fallback configured: the redrive fails loudly, and the tick still beats and logs', async () => {
    const notADirectory = join(tempDir(), 'file');
    writeFileSync(notADirectory, 'x');
    const { handler, logs } = tencentFunction({
      ALERTHOOK_SINK: `file://${notADirectory}/sink`,
      ALERTHOOK_FALLBACK: `file://${tempDir()}`,
      ALERTHOOK_HEARTBEAT: '1',
    });
    const answer = (await handler(scfTick(scheduledPayload(TEST_TOKEN)), {})) as Record<string, unknown>;
    expect(answer).toMatchObject({ status: 'error', heartbeat: null, error: expect.stringMatching(/^cannot redrive: /) });
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'redrive', detail: expect.stringMatching(/cannot redrive/) }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'heartbeat not sent' }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'scheduled', redrive: 'failed', heartbeat: 'not sent' }));
  });

  it('a fallback that cannot open does not keep the heartbeat from a working sink', async () => {
    const dir = tempDir();
    const notADirectory = join(tempDir(), 'file');
    writeFileSync(notADirectory, 'x');
    const { handler } = tencentFunction({
      ALERTHOOK_SINK: `file://${dir}`,
      ALERTHOOK_FALLBACK: `file://${notADirectory}/fallback`,
      ALERTHOOK_HEARTBEAT: '1',
    });
    const answer = (await handler(scfTick(scheduledPayload(TEST_TOKEN)), {})) as Record<string, unknown>;
    expect(answer).toMatchObject({ status: 'error', heartbeat: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(JSON.parse(readFileSync(join(dir, 'heartbeat/tencent.json'), 'utf8')).data.deferredWaiting).toBeNull();
  });

  it('a sink that never answers costs the heartbeat its budget, not the tick', async () => {
    const logs: LogFields[] = [];
    const hung = new MemorySink();
    hung.writeHeartbeat = () => new Promise<void>(() => {}); // ignores its signal, as some clients do
    const started = Date.now();
    const sent = await sendHeartbeat(
      async () => hung,
      { vendor: 'tencent', runtime: 'function', intervalMs: 60_000, deferredWaiting: null },
      (l) => logs.push(l),
      100,
    );
    expect(sent).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', msg: 'heartbeat not sent', detail: expect.stringMatching(/within 100 ms/) }),
    ]);
  });
});

describe('heartbeat from serve', () => {
  it("beats for every vendor on serve's schedule", async () => {
    const dir = tempDir();
    const config = testConfig({ ALERTHOOK_HEARTBEAT: '1', ALERTHOOK_REDRIVE_INTERVAL_MS: '50' });
    servers.push(
      await startLocalServer({ config, sink: await openSinks(`file://${dir}`, null, {}), host: '127.0.0.1', port: 0, log: () => {} }),
    );
    await waitUntil(() => heartbeatFiles(dir).length === 2 || undefined, { what: 'both heartbeats', timeoutMs: 5000 });
    expect(heartbeatFiles(dir).sort()).toEqual(['heartbeat/tencent.json', 'heartbeat/volcengine.json']);
    const beat = JSON.parse(readFileSync(join(dir, 'heartbeat/volcengine.json'), 'utf8'));
    expect(beat).toMatchObject({ source: 'alerthook/serve', data: { runtime: 'serve', deferredWaiting: null } });
  });

  const binary = alertmanagerBinary();
  it.skipIf(binary === undefined)(
    "is a dead man's switch in a real Alertmanager: firing while serve beats, resolved and notified once it stops",
    async () => {
      const alertmanager = await startAlertmanager(binary as string);
      try {
        // 300 ms beats: each keeps the alert firing 1.2 s; stopping lets it end.
        const config = testConfig({ ALERTHOOK_HEARTBEAT: '1', ALERTHOOK_REDRIVE_INTERVAL_MS: '300' });
        const server = await startLocalServer({
          config,
          sink: await openSinks(alertmanager.sinkUrl, `file://${tempDir()}`, {}),
          host: '127.0.0.1',
          port: 0,
          log: () => {},
        });
        const heartbeat = (n: (typeof alertmanager.notifications)[number]) =>
          n.alerts.filter((a) => a.labels.alertname === 'AlerthookHeartbeat');
        await alertmanager.waitForNotification((ns) => ns.some((n) => heartbeat(n).some((a) => a.status === 'firing')));
        // Still firing after more than one lifetime: the beats renew it.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const firing = (await alertmanager.activeAlerts()).filter((a) => a.labels.alertname === 'AlerthookHeartbeat');
        expect(firing.map((a) => a.labels.vendor).sort()).toEqual(['tencent', 'volcengine']);
        expect(alertmanager.notifications.some((n) => heartbeat(n).some((a) => a.status === 'resolved'))).toBe(false);
        await server.close();
        const stoppedAt = Date.now();
        await alertmanager.waitForNotification((ns) => ns.some((n) => heartbeat(n).some((a) => a.status === 'resolved')), 15_000);
        expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      } finally {
        await alertmanager.close();
      }
    },
    30_000,
  );
});
