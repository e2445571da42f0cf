import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCallbackBody } from '../../lib/cli/normalize.js';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { TEST_TOKEN, basicAuth, testConfig } from '../helpers/receiver.js';

// One URL per cloud takes all its sources; /<vendor>/<source> names one, and a body of another
// source sent there is dead-lettered saying where it belongs. The bodies are the sources' samples.

const sample = (path: string) => readFileSync(new URL(`../../lib/vendors/${path}`, import.meta.url));
const TMP = sample('tencent/prometheus/samples/notification.json');
const TMP_RESOLVED = sample('tencent/prometheus/samples/notification-resolved.json');
const VMP = sample('volcengine/prometheus/samples/notification.json');
const CLOUD_MONITOR = sample('tencent/samples/metric.json');

describe('sources on the local server', () => {
  const sink = new MemorySink();
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({ config: testConfig(), sink, host: '127.0.0.1', port: 0, log: () => {} });
  });
  afterAll(() => server.close());

  const post = async (path: string, body: Uint8Array) => {
    const answer = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(TEST_TOKEN) },
      body,
    });
    return { status: answer.status, body: (await answer.json()) as { status: string; events?: number; ids?: string[]; errors?: string[] } };
  };
  const sources = (ids: string[] = []) => ids.map((id) => sink.events.get(id)?.event.source);

  it('takes Cloud Monitor and Prometheus bodies on one URL per cloud', async () => {
    const cloudMonitor = await post('/tencent', CLOUD_MONITOR);
    const tmp = await post('/tencent', TMP);
    const vmp = await post('/volcengine', VMP);
    expect([cloudMonitor.body.status, tmp.body.status, vmp.body.status]).toEqual(['accepted', 'accepted', 'accepted']);
    expect([...sources(cloudMonitor.body.ids), ...sources(tmp.body.ids), ...sources(vmp.body.ids)]).toEqual([
      'tencentcloud/monitor',
      'tencentcloud/prometheus',
      'volcengine/vmp',
    ]);
  });

  it("pairs the real Alertmanager sample's firing and resolved notifications", async () => {
    const [fired, resolved] = [await post('/tencent/prometheus', TMP), await post('/tencent/prometheus', TMP_RESOLVED)];
    const [a, b] = [sink.events.get(fired.body.ids?.[0] as string)?.event, sink.events.get(resolved.body.ids?.[0] as string)?.event];
    expect(a?.data).toMatchObject({
      status: 'firing',
      endsAt: null,
      severity: 'warning',
      resource: { id: '10.0.1.15:8080', name: 'cart-7d9f8-x2x1z' },
    });
    expect(b?.data).toMatchObject({ status: 'resolved', endsAt: '2026-11-30T10:20:00Z' });
    expect(b?.data.fingerprint).toBe(a?.data.fingerprint);
  });

  it('dead-letters a Cloud Monitor body sent to /tencent/prometheus, naming where it belongs', async () => {
    const answer = await post('/tencent/prometheus', CLOUD_MONITOR);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('dead-lettered');
    expect(answer.body.errors?.[0]).toMatch(
      /^this looks like a Tencent Cloud Monitor callback, not a Tencent Managed Service for Prometheus \(TMP\) one: send it to POST \/tencent\/monitor/,
    );
  });

  it('dead-letters a VMP body sent to the tencent URL, naming the volcengine one', async () => {
    const answer = await post('/tencent', VMP);
    expect(answer.body.errors?.[0]).toMatch(
      /^this looks like a Volcengine Managed Prometheus \(VMP\) notification, not a Tencent Cloud Monitor one: send it to the volcengine endpoint/,
    );
  });
});

describe('alerthook normalize', () => {
  it('detects the vendor and source from the body', async () => {
    const source = async (body: Uint8Array) =>
      (JSON.parse(await normalizeCallbackBody(body, { vendor: undefined, headers: [] })) as { source: string }[]).map((e) => e.source);
    expect(await source(TMP)).toEqual(['tencentcloud/prometheus']);
    expect(await source(VMP)).toEqual(['volcengine/vmp']);
    expect(await source(CLOUD_MONITOR)).toEqual(['tencentcloud/monitor']);
  });
});
