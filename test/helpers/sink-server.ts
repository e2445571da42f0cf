import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import type { Sink } from '../../lib/pipeline/delivery.js';
import { TEST_TOKEN, basicAuth, testConfig } from './receiver.js';

/** The local server over a given sink, as the sink tests drive it end to end. */
export function serveSink(sink: Sink, env: Record<string, string> = {}): Promise<LocalServer> {
  return startLocalServer({ config: testConfig(env), sink, host: '127.0.0.1', port: 0, log: () => {} });
}

/** POSTs a callback body with the test secret; the answer's status and JSON. */
export async function postCallback(
  server: LocalServer,
  vendor: string,
  body: string,
): Promise<{ status: number; answer: Record<string, any> }> {
  const response = await fetch(`${server.url}/${vendor}`, {
    method: 'POST',
    headers: { authorization: basicAuth(TEST_TOKEN), 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, answer: (await response.json()) as Record<string, any> };
}
