import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { CorpusBody } from './corpus.js';

const SERVER = fileURLToPath(new URL('./http-server.js', import.meta.url));

export interface IngestResult {
  rps: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/**
 * Figure 4: requests per second of the local server (file sink, one file per event) against a bare
 * node:http server, each in its own process, under autocannon on loopback for `seconds`. Every
 * request's body differs (a counter in a time field), so every callback writes new event files.
 */
export async function benchHttpIngest(body: CorpusBody, seconds: number): Promise<{ alerthook: IngestResult; bare: IngestResult }> {
  const bare = await load('bare', body, seconds);
  const alerthook = await load('alerthook', body, seconds);
  return { alerthook, bare };
}

async function load(mode: 'alerthook' | 'bare', body: CorpusBody, seconds: number): Promise<IngestResult> {
  const child = spawn(process.execPath, [SERVER, mode], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    });
    const template = body.bytes.toString('utf8');
    let counter = 0;
    const run = (duration: number) =>
      autocannon({
        url: `${url}/${body.vendor}`,
        method: 'POST',
        connections: 10,
        duration,
        headers: { 'content-type': 'application/json', token: 'bench' },
        requests: [{ setupRequest: (request) => ({ ...request, body: template.replace('"FirstAlertTime":1664332705', `"FirstAlertTime":${1664332705 + (counter++ % 1_000_000)}`) }) }],
      });
    await run(1); // warm-up
    const result = await run(seconds);
    return { rps: result.requests.average, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
  } finally {
    child.kill();
  }
}
