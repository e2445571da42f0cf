import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lib/config.js';
import { stdoutLog } from '../lib/log.js';
import { startLocalServer } from '../lib/server/local-server.js';
import { createFileSink } from '../lib/sinks/file/sink.js';

/**
 * A server for figure 4, run in its own process: `alerthook` (the local server, file sink in a
 * memory-backed directory where there is one) or `bare` (node:http that reads the body and answers
 * 200). Prints its URL on stderr, then serves until killed; alerthook logs its JSON line per
 * request on stdout as in production (the bench discards it).
 */
const mode = process.argv[2];
if (mode === 'bare') {
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => res.end('{"status":"ok"}'));
  });
  server.listen(0, '127.0.0.1', () => process.stderr.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
} else if (mode === 'alerthook') {
  const base = process.platform === 'linux' ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'alerthook-bench-'));
  const config = loadConfig({ ALERTHOOK_TOKEN: 'bench' }, { sinkUrl: `file://${dir}` });
  const server = await startLocalServer({ config, sink: createFileSink(`file://${dir}`), host: '127.0.0.1', port: 0, log: stdoutLog });
  process.stderr.write(`${server.url}\n`);
} else {
  throw new Error('usage: http-server.js alerthook|bare');
}
