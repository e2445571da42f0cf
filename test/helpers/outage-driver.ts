import { request as httpRequest } from 'node:http';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { recentTencentAlarm } from './callback-bodies.js';
import { NORMALIZE_SETTINGS, TEST_TOKEN, VENDORS, basicAuth } from './receiver.js';

/**
 * A vendor-like sender through a sink outage: each of `alerts` alarms sends its firing, then its
 * recovery, each retried like the vendors do (up to 3 more attempts on a non-2xx answer or a
 * timeout), the alarms started `gapMs` apart; `outage` is called once, `cutAtMs` after the start.
 * Scaled down from the vendors' seconds to milliseconds, same ratios (budget < timeout, retries
 * spanning a few timeouts), so an outage longer than `retryWindowMs()` outlasts every retry.
 */
export interface OutageDrive {
  url: string;
  alerts: number;
  gapMs: number;
  clientTimeoutMs: number;
  retryDelayMs: number;
  cutAtMs: number;
  outage: () => Promise<void>;
}

export interface OutageResult {
  bodies: string[];
  attempts: number;
  answers: Record<string, number>;
  neverAccepted: number;
  /** The bodies whose 2xx said `deferred`: kept in the fallback, delivered by a redrive. */
  deferredBodies: string[];
}

export const retryWindowMs = (d: Pick<OutageDrive, 'clientTimeoutMs' | 'retryDelayMs'>) => 4 * d.clientTimeoutMs + 3 * d.retryDelayMs;

function post(url: string, body: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { authorization: basicAuth(TEST_TOKEN), 'content-type': 'application/json' }, timeout: timeoutMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(res.statusCode === 200 ? String(JSON.parse(text).status) : String(res.statusCode)));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve('timeout');
    });
    req.on('error', () => resolve('error'));
    req.end(body);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function driveThroughOutage(d: OutageDrive): Promise<OutageResult> {
  const result: OutageResult = { bodies: [], attempts: 0, answers: {}, neverAccepted: 0, deferredBodies: [] };
  const send = async (body: string) => {
    result.bodies.push(body);
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt > 0) await pause(d.retryDelayMs);
      result.attempts++;
      const answer = await post(`${d.url}/tencent`, body, d.clientTimeoutMs);
      result.answers[answer] = (result.answers[answer] ?? 0) + 1;
      if (answer === 'deferred') result.deferredBodies.push(body);
      if (answer === 'accepted' || answer === 'deferred') return;
    }
    result.neverAccepted++;
  };
  const outage = pause(d.cutAtMs).then(d.outage);
  await Promise.all(
    Array.from({ length: d.alerts }, async (_, i) => {
      await pause(i * d.gapMs);
      await send(recentTencentAlarm(`outage-${i}`, 'firing'));
      await pause(d.gapMs);
      await send(recentTencentAlarm(`outage-${i}`, 'resolved'));
    }),
  );
  await outage;
  return result;
}

/** The event ids a live delivery of these bodies gives (decoded as the receiver decodes them). */
export function expectedIds(bodies: readonly string[]): string[] {
  return bodies.flatMap((body) => {
    const decoded = decodeCallback(VENDORS.tencent, Buffer.from(body), {}, NORMALIZE_SETTINGS);
    if (decoded.outcome !== 'events') throw new Error(`not an alarm: ${body.slice(0, 80)}`);
    return decoded.events.map((e) => e.event.id);
  });
}

/** Per alert (fingerprint), in the order the sink holds them: ids seen twice, recoveries before any firing. */
export function orderProblems(received: readonly { id: string; fingerprint: string; status: string }[]) {
  const seen = new Set<string>();
  const fired = new Set<string>();
  const duplicates: string[] = [];
  const recoveredFirst: string[] = [];
  for (const { id, fingerprint, status } of received) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
    if (status === 'firing') fired.add(fingerprint);
    else if (!fired.has(fingerprint)) recoveredFirst.push(fingerprint);
  }
  return { duplicates, recoveredFirst };
}

/** A TCP proxy in front of a server (the shared RabbitMQ broker), to cut and restore without stopping it. */
export async function startTcpProxy(targetPort: number) {
  const net = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    port,
    /** Every connection dropped, new ones refused at once: the broker is gone. */
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
