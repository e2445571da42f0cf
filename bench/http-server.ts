import { mkdtempSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lib/config.js';
import { stdoutLog } from '../lib/log.js';
import { startLocalServer } from '../lib/server/local-server.js';
import { openFileSink } from '../lib/sinks/file/sink.js';
import { registeredVendors } from '../lib/vendors/registry.js';

/**
 * A server for the ingest figure, run in its own process, writing under the system's temporary
 * directory (a disk, so that fsync costs what it costs):
 * - `alerthook`: the local server with the file sink, logging its JSON line per request on stdout
 *   as in production (the bench discards it);
 * - `durable`: the floor that does the same durable work by hand: node:http that reads the body,
 *   `JSON.parse`s it and writes it atomically with the file sink's sequence (temporary file,
 *   write, fsync, rename, directory fsync), one file per request, then answers;
 * - `bare`: node:http that reads the body and answers, nothing else (information only).
 * Prints its URL on stderr, then serves until killed.
 */
const mode = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), `alerthook-bench-${mode}-`));
const announce = (url: string) => process.stderr.write(`${url}\n`);

async function fsyncPath(path: string, flags: string, data?: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    if (data !== undefined) await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

if (mode === 'bare' || mode === 'durable') {
  let counter = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (mode === 'durable') {
        const json = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        const path = join(dir, `${process.pid}-${counter++}.json`);
        await fsyncPath(`${path}.tmp`, 'wx', `${json}\n`);
        await rename(`${path}.tmp`, path);
        await fsyncPath(dir, 'r');
      }
      res.end('{"status":"ok"}');
    });
  });
  server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
} else if (mode === 'alerthook') {
  const config = loadConfig({ ALERTHOOK_TOKEN: 'bench' }, { sinkUrl: `file://${dir}`, vendors: registeredVendors() });
  const server = await startLocalServer({ config, sink: await openFileSink(`file://${dir}`), host: '127.0.0.1', port: 0, log: stdoutLog });
  announce(server.url);
} else {
  throw new Error('usage: http-server.js alerthook|durable|bare');
}
