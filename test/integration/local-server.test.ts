import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFields } from '../../lib/log.js';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { TEST_TOKEN, basicAuth, testConfig } from '../helpers/receiver.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(env: Record<string, string> = {}) {
  const dir = tempDir();
  const logs: LogFields[] = [];
  const server = await startLocalServer({
    config: testConfig(env),
    sink: createFileSink(`file://${dir}`),
    host: '127.0.0.1',
    port: 0,
    log: (l) => logs.push(l),
  });
  servers.push(server);
  return { server, dir, logs };
}

/** Raw node:http so the test controls Content-Length, chunking and early close. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

const auth = { authorization: basicAuth(TEST_TOKEN), 'content-type': 'application/json' };

describe('local server over loopback HTTP', () => {
  it('accepts every seed sample on its route and writes the events to the directory', async () => {
    const { server, dir } = await start();
    for (const body of Object.values(volcengineSeeds())) {
      expect((await send(`${server.url}/volcengine`, { headers: auth, body })).status).toBe(200);
    }
    expect((await send(`${server.url}/tencent/`, { headers: auth, body: stripDocAnnotations(tencentSeeds().metric) })).status).toBe(200);
    const files = listFiles(dir);
    expect(files.filter((f) => f.startsWith('events/volcengine/'))).toHaveLength(4);
    expect(files.filter((f) => f.startsWith('events/tencent/'))).toHaveLength(1);
  });

  it('logs one JSON line per request with request id, vendor, status and event count', async () => {
    const { server, logs } = await start();
    await send(`${server.url}/volcengine`, { headers: { ...auth, 'x-request-id': 'abc-123' }, body: volcengineSeeds().Metric });
    await send(`${server.url}/nowhere`, { headers: auth, body: '{}' });
    expect(logs).toEqual([
      expect.objectContaining({ requestId: 'abc-123', vendor: 'volcengine', status: 200, events: 1 }),
      expect.objectContaining({ vendor: null, status: 404, events: 0 }),
    ]);
  });

  it('404 for unknown paths', async () => {
    const { server } = await start();
    expect((await send(`${server.url}/aws`, { headers: auth, body: '{}' })).status).toBe(404);
  });

  it('413 from a declared Content-Length over the limit, before reading the body', async () => {
    const { server, dir } = await start({ ALERTHOOK_MAX_BODY_BYTES: '1000' });
    const response = await send(`${server.url}/volcengine`, {
      headers: { ...auth, 'content-length': '5000' },
      body: 'x'.repeat(5000),
    }).catch((e) => e);
    // The server may close before the client finishes writing; either way nothing is stored.
    if (!(response instanceof Error)) expect(response.status).toBe(413);
    expect(listFiles(dir)).toEqual([]);
  });

  it('413 for a chunked body that grows past the limit with no Content-Length', async () => {
    const { server, dir } = await start({ ALERTHOOK_MAX_BODY_BYTES: '1000' });
    const response = await send(`${server.url}/volcengine`, { headers: auth, chunks: [Buffer.alloc(600, 0x20), Buffer.alloc(600, 0x20)] });
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(listFiles(dir)).toEqual([]);
  });

  it('401 over HTTP without credentials, and nothing written', async () => {
    const { server, dir } = await start();
    expect(
      (await send(`${server.url}/volcengine`, { headers: { 'content-type': 'application/json' }, body: volcengineSeeds().Metric })).status,
    ).toBe(401);
    expect(listFiles(dir)).toEqual([]);
  });
});
