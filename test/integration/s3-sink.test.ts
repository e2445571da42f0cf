import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsClient } from 'aws4fetch';
import { describe, expect, test } from 'vitest';
import { openSinks } from '../../lib/sinks/open-sinks.js';
import { objectUrl, parseS3Url } from '../../lib/sinks/s3/bucket.js';
import { createS3Sink } from '../../lib/sinks/s3/sink.js';
import { TEST_TOKEN } from '../helpers/receiver.js';
import { postCallback, serveSink } from '../helpers/sink-server.js';
import {
  S3_KEYS,
  listS3Keys,
  startS3Server,
  verifyingLoopbackFetch,
  verifySigV4,
  type S3Server,
  type SignedRequestRecord,
} from '../helpers/s3.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

/** A test's own S3 server (buckets "alerts" and "pathstyle"), and its own record of what the sink signed. */
interface S3Store {
  s3: S3Server;
  sent: SignedRequestRecord[];
  loopbackFetch: ReturnType<typeof verifyingLoopbackFetch>;
  /** Reads back through the S3 API with the same signing client the sink uses. */
  getObject(bucket: string, key: string, style?: 'virtual' | 'path'): Promise<{ status: number; body: Buffer }>;
}

// Each test that names `store` gets a fresh one and nothing else carries over between tests, so
// any one passes alone (-t) or in any order (--sequence.shuffle).
const it = test.extend<{ store: S3Store }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this destructuring; it has none
  store: async ({}, use) => {
    const s3 = await startS3Server(['alerts', 'pathstyle']);
    const sent: SignedRequestRecord[] = [];
    const loopbackFetch = verifyingLoopbackFetch('S3RVER', sent);
    const getObject = async (bucket: string, key: string, style: 'virtual' | 'path' = 'virtual') => {
      const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'ap-guangzhou' });
      const url = style === 'virtual' ? `http://${bucket}.s3.example.test:${s3.port}/${key}` : `${s3.endpoint}/${bucket}/${key}`;
      const response = await loopbackFetch(await client.sign(url, { method: 'GET' }));
      return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
    };
    try {
      await use({ s3, sent, loopbackFetch, getObject });
    } finally {
      await s3.close();
    }
  },
});

/** For the tests whose endpoint is not S3 at all: the same loopback fetch, recording nowhere shared. */
const unrecordedFetch = () => verifyingLoopbackFetch('S3RVER', []);

const serveWith = serveSink;
const post = postCallback;

describe('s3:// sink against a real S3-compatible server (s3rver)', () => {
  it('delivers every seed sample end to end through the local server, virtual-hosted, SigV4-signed', async ({
    store: { s3, sent, loopbackFetch, getObject },
  }) => {
    const sink = createS3Sink(`s3://alerts/prod/alerthook?endpoint=${s3.endpoint}&region=ap-guangzhou`, S3_KEYS, { fetch: loopbackFetch });
    const server = await serveWith(sink);
    try {
      const bodies: [string, string][] = [
        ...Object.values(volcengineSeeds()).map((b) => ['volcengine', b] as [string, string]),
        ['tencent', stripDocAnnotations(tencentSeeds().metric)],
      ];
      for (const [vendor, body] of bodies) {
        const { status, answer } = await post(server, vendor, body);
        expect(status).toBe(200);
        expect(answer.status).toBe('accepted');
        for (const id of answer.ids as string[]) {
          const put = sent.find((r) => r.url.pathname.endsWith(`/${id}.json`));
          expect(put?.url.host).toBe(`alerts.s3.example.test:${s3.port}`); // virtual-hosted
          expect(put?.url.pathname).toMatch(new RegExp(`^/prod/alerthook/events/${vendor}/\\d{4}-\\d{2}-\\d{2}/${id}\\.json$`));
          expect(put?.signatureValid).toBe(true);
          const stored = await getObject('alerts', put!.url.pathname.slice(1));
          expect(stored.status).toBe(200);
          expect(JSON.parse(stored.body.toString()).id).toBe(id);
        }
      }
      expect(sent.filter((r) => r.method === 'PUT')).toHaveLength(5);
    } finally {
      await server.close();
    }
  });

  it('a redelivery rewrites the same key', async ({ store: { s3, sent, loopbackFetch } }) => {
    const sink = createS3Sink(`s3://alerts/redelivery?endpoint=${s3.endpoint}&region=ap-guangzhou`, S3_KEYS, { fetch: loopbackFetch });
    const server = await serveWith(sink);
    try {
      await post(server, 'volcengine', volcengineSeeds().Metric);
      await post(server, 'volcengine', volcengineSeeds().Metric);
      const keys = sent.filter((r) => r.method === 'PUT').map((r) => r.url.pathname);
      expect(keys).toHaveLength(2);
      expect(new Set(keys).size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('dead-letters to the bucket, body byte for byte', async ({ store: { s3, loopbackFetch, getObject } }) => {
    const sink = createS3Sink(`s3://alerts/dl?endpoint=${s3.endpoint}&region=ap-guangzhou`, S3_KEYS, { fetch: loopbackFetch });
    const server = await serveWith(sink);
    try {
      const { answer } = await post(server, 'tencent', '{"alarmStatus": "maybe", "\u00e9": 1}');
      expect(answer.status).toBe('dead-lettered');
      const body = await getObject('alerts', `dl/dead-letter/tencent/${answer.deadLetterId}.body`);
      expect(body.body.toString('utf8')).toBe('{"alarmStatus": "maybe", "\u00e9": 1}');
      const meta = JSON.parse((await getObject('alerts', `dl/dead-letter/tencent/${answer.deadLetterId}.json`)).body.toString());
      expect(meta.errors[0]).toMatch(/^alarmStatus/);
      expect(JSON.stringify(meta)).not.toContain(TEST_TOKEN);
    } finally {
      await server.close();
    }
  });

  it('path-style addressing when asked for', async ({ store: { s3, sent, loopbackFetch, getObject } }) => {
    const sink = createS3Sink(`s3://pathstyle?endpoint=${s3.endpoint}&region=ap-guangzhou&style=path`, S3_KEYS, { fetch: loopbackFetch });
    const server = await serveWith(sink);
    try {
      const { answer } = await post(server, 'volcengine', volcengineSeeds().Metric);
      expect(sent[0]?.url.host).toBe(`s3.example.test:${s3.port}`);
      expect(sent[0]?.url.pathname).toMatch(/^\/pathstyle\/events\/volcengine\//);
      expect((await getObject('pathstyle', `events/volcengine/2024-04-11/${answer.ids[0]}.json`, 'path')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('503 when the server rejects the request (unknown access key), nothing reported stored', async ({ store: { s3, loopbackFetch } }) => {
    const sink = createS3Sink(
      `s3://alerts/rejected?endpoint=${s3.endpoint}&region=ap-guangzhou`,
      { ALERTHOOK_S3_ACCESS_KEY_ID: 'NOBODY', ALERTHOOK_S3_SECRET_ACCESS_KEY: 'x' },
      { fetch: loopbackFetch },
    );
    const server = await serveWith(sink);
    try {
      const { status, answer } = await post(server, 'volcengine', volcengineSeeds().Metric);
      expect(status).toBe(503);
      expect(answer).toEqual({ status: 'error', error: expect.any(String) }); // no ids: nothing claimed stored
      expect(await listS3Keys(s3, 'alerts', 'rejected/')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('503 when the endpoint is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const sink = createS3Sink(`s3://alerts?endpoint=http://s3.example.test:${port}&region=ap-guangzhou`, S3_KEYS, {
      fetch: unrecordedFetch(),
    });
    const server = await serveWith(sink);
    try {
      expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('503 within the time budget when the server stalls, and the stalled request is aborted', async () => {
    let aborted = false;
    const stall: Server = createServer((req) => {
      req.on('close', () => (aborted = true));
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    const port = (stall.address() as AddressInfo).port;
    const sink = createS3Sink(`s3://alerts?endpoint=http://s3.example.test:${port}&region=ap-guangzhou`, S3_KEYS, {
      fetch: unrecordedFetch(),
    });
    const server = await serveWith(sink, { ALERTHOOK_TIME_BUDGET_MS: '300' });
    try {
      const started = performance.now();
      expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(3000);
      await new Promise((r) => setTimeout(r, 100));
      expect(aborted).toBe(true);
    } finally {
      await server.close();
      stall.closeAllConnections();
      await new Promise<void>((r) => stall.close(() => r()));
    }
  });

  it('fans out: 200 only when the file sink and the bucket both have the event', async ({ store: { s3, loopbackFetch, getObject } }) => {
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/alerthook-fanout-`);
    const env = { ...S3_KEYS };
    // Built by hand rather than by openSinks so the S3 sink gets the loopback fetch.
    const { fanOutSink } = await import('../../lib/sinks/fan-out-sink.js');
    const { createFileSink } = await import('../../lib/sinks/file/sink.js');
    const s3Sink = createS3Sink(`s3://alerts/fanout?endpoint=${s3.endpoint}&region=ap-guangzhou`, env, { fetch: loopbackFetch });
    const server = await serveWith(fanOutSink([createFileSink(`file://${dir}`), s3Sink], createFileSink(`file://${dir}`)));
    try {
      const { answer } = await post(server, 'volcengine', volcengineSeeds().Metric);
      expect(readdirSync(`${dir}/events/volcengine/2024-04-11`)).toEqual([`${answer.ids[0]}.json`]);
      expect((await getObject('alerts', `fanout/events/volcengine/2024-04-11/${answer.ids[0]}.json`)).status).toBe(200);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('s3 sink configuration', () => {
  it('derives the region from COS and TOS endpoints', () => {
    expect(parseS3Url('s3://b-1250000000/a?endpoint=cos.ap-guangzhou.myqcloud.com')).toMatchObject({
      region: 'ap-guangzhou',
      prefix: 'a/',
      style: 'virtual',
    });
    expect(parseS3Url('s3://b?endpoint=https://tos-s3-cn-beijing.volces.com').region).toBe('cn-beijing');
  });

  it('builds object URLs, shared by the sink and the tail, keeping any path on the endpoint', () => {
    const virtual = parseS3Url('s3://b/p?endpoint=https://s3.example/base/&region=r');
    expect(objectUrl(virtual, 'p/events/x y.json')).toBe('https://b.s3.example/base/p/events/x%20y.json');
    expect(objectUrl({ ...virtual, style: 'path' }, 'k')).toBe('https://s3.example/base/b/k');
  });

  it('says what is missing: endpoint, region, credentials', async () => {
    expect(() => parseS3Url('s3://b')).toThrow(/needs \?endpoint=/);
    expect(() => parseS3Url('s3://b?endpoint=minio.internal')).toThrow(/needs \?region=/);
    await expect(openSinks('s3://b?endpoint=cos.ap-guangzhou.myqcloud.com', null, {})).rejects.toThrow(/ALERTHOOK_S3_ACCESS_KEY_ID/);
  });

  it('the signature verifier rejects a tampered request (it can fail)', async ({ store: { s3, sent, loopbackFetch } }) => {
    const sink = createS3Sink(`s3://alerts/verifier?endpoint=${s3.endpoint}&region=ap-guangzhou`, S3_KEYS, { fetch: loopbackFetch });
    const server = await serveWith(sink);
    try {
      expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(200);
    } finally {
      await server.close();
    }
    const ok = sent.find((r) => r.method === 'PUT' && r.signatureValid);
    expect(ok).toBeDefined();
    expect(verifySigV4('PUT', ok!.url, ok!.headers, Buffer.concat([ok!.body, Buffer.from(' ')]), 'S3RVER')).toBe(false);
    expect(verifySigV4('PUT', ok!.url, ok!.headers, ok!.body, 'other-secret')).toBe(false);
    expect(verifySigV4('PUT', ok!.url, ok!.headers, ok!.body, 'S3RVER')).toBe(true);
  });
});
