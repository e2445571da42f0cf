import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { metricVariant, type CorpusBody } from './corpus.js';

const SERVER = fileURLToPath(new URL('./http-server.js', import.meta.url));

export interface IngestResult {
  rps: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export type IngestServer = 'alerthook' | 'durable' | 'bare';

/**
 * The ingest figure: requests per second of each server (http-server.ts), each in its own process,
 * under autocannon on loopback for `seconds` at `connections` concurrent. Every request's body
 * differs (a counter in a time field), so every callback writes new files. The servers take turns
 * in `rounds` rounds, and the median round of each is kept, so that drift hits all alike.
 */
export async function benchHttpIngest(
  body: CorpusBody,
  connections: number,
  seconds: number,
  rounds: number,
): Promise<Record<IngestServer, IngestResult>> {
  const runs: Record<IngestServer, IngestResult[]> = { alerthook: [], durable: [], bare: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of Object.keys(runs) as IngestServer[]) runs[mode].push(await load(mode, body, connections, seconds));
  }
  const medianRun = (results: IngestResult[]) => [...results].sort((a, b) => a.rps - b.rps)[Math.floor(results.length / 2)] as IngestResult;
  return { alerthook: medianRun(runs.alerthook), durable: medianRun(runs.durable), bare: medianRun(runs.bare) };
}

async function load(mode: IngestServer, body: CorpusBody, connections: number, seconds: number): Promise<IngestResult> {
  const child = spawn(process.execPath, [SERVER, mode], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    });
    let counter = 0;
    const run = (duration: number) =>
      autocannon({
        url: `${url}/${body.vendor}`,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'application/json', token: 'bench' },
        requests: [{ setupRequest: (request) => ({ ...request, body: metricVariant(body, counter++ % 1_000_000) }) }],
      });
    await run(1); // warm-up
    const result = await run(seconds);
    return { rps: result.requests.average, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
  } finally {
    child.kill();
  }
}
