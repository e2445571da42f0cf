import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { distinctCallbacks } from '../helpers/callback-bodies.js';
import { TEST_TOKEN, basicAuth, testConfig } from '../helpers/receiver.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(
  env: Record<string, string>,
  timeouts: { headersTimeoutMs?: number; requestTimeoutMs?: number; timeoutCheckMs?: number } = {},
) {
  const dir = tempDir();
  const server = await startLocalServer({
    config: testConfig(env),
    sink: createFileSink(`file://${dir}`),
    host: '127.0.0.1',
    port: 0,
    log: () => {},
    ...timeouts,
  });
  servers.push(server);
  return { server, dir, port: Number(new URL(server.url).port) };
}

/** A raw TCP client, so the test controls exactly what is sent and when. */
function rawClient(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      let text = '';
      const started = Date.now();
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('error', () => {});
      const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now() - started)));
      resolve({ socket, received: () => text, closed });
    });
  });
}

const HEAD = (extra: string) => `POST /volcengine HTTP/1.1\r\nHost: x\r\nAuthorization: ${basicAuth(TEST_TOKEN)}\r\n${extra}\r\n`;

describe('limits', () => {
  it('a declared Content-Length over the limit is answered 413 before any of the body is sent', async () => {
    const { port, dir } = await start({ ALERTHOOK_MAX_BODY_BYTES: String(64 * 1024) });
    const client = await rawClient(port);
    client.socket.write(HEAD(`Content-Length: ${50 * 1024 * 1024}\r\n`));
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(listFiles(dir)).toEqual([]);
  });

  it('a streamed body is cut off at the limit: the server stops reading long before 50 MiB', async () => {
    const { port, dir } = await start({ ALERTHOOK_MAX_BODY_BYTES: String(64 * 1024) });
    const client = await rawClient(port);
    client.socket.write(HEAD('Transfer-Encoding: chunked\r\n'));
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let sent = 0;
    let open = true;
    client.closed.then(() => (open = false));
    while (open && sent < 50 * 1024 * 1024 && !client.received().includes('413')) {
      if (!client.socket.write(frame))
        await Promise.race([new Promise((r) => client.socket.once('drain', r)), client.closed, new Promise((r) => setTimeout(r, 200))]);
      sent += frame.length;
    }
    await Promise.race([client.closed, new Promise((r) => setTimeout(r, 2000))]);
    client.socket.destroy();
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    // Kernel buffers on both sides hold some; what matters is that it is nowhere near 50 MiB.
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    console.log(`limits: streamed ${sent} bytes before the 413 (limit 65536)`);
    expect(listFiles(dir)).toEqual([]);
  });

  it('a client that sends its headers too slowly is answered 408 and cut off', async () => {
    const { port } = await start({}, { headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckMs: 50 });
    const client = await rawClient(port);
    client.socket.write('POST /volcengine HTTP/1.1\r\nHost: x\r\n'); // and never the rest
    const after = await Promise.race([client.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(2000);
    // Node answers 408 before it closes; a bare close would leave the client guessing why.
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('a client that sends its body too slowly is answered 408 and cut off', async () => {
    const { port, dir } = await start({}, { headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckMs: 50 });
    const client = await rawClient(port);
    client.socket.write(`${HEAD('Content-Length: 1000\r\n')}{"Type": "Metric"`); // 17 of 1000 bytes, then silence
    const after = await Promise.race([client.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(2000);
    // Node answers 408 before it closes; a bare close would leave the client guessing why.
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(listFiles(dir)).toEqual([]);
  });

  it('200 concurrent callbacks with the file sink: every one answered 200, every event stored', async () => {
    const { server, dir } = await start({});
    const callbacks = [...distinctCallbacks(200, 9)];
    const answers = await Promise.all(
      callbacks.map(async (c) => {
        const response = await fetch(`${server.url}/${c.vendor}`, {
          method: 'POST',
          headers: { authorization: basicAuth(TEST_TOKEN) },
          body: c.body,
        });
        return { status: response.status, ids: ((await response.json()) as { ids: string[] }).ids };
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const expected = callbacks.reduce((n, c) => n + c.expectedEvents, 0);
    const stored = listFiles(dir).filter((f) => f.endsWith('.json'));
    expect(stored).toHaveLength(expected);
    expect(new Set(answers.flatMap((a) => a.ids)).size).toBe(expected);
    expect(listFiles(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
