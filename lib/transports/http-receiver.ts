import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogLine } from '../log.js';
import { BODY_TOO_LARGE, type CallbackRequest, type CallbackResponse } from '../pipeline/callback.js';
import { fromNodeRequest, readBodyWithLimit } from './node-http.js';

/**
 * node:http in front of receivers: what the local server (`alerthook serve`) and the veFaaS
 * native-runtime entry share. It reads bodies up to the limit, cuts off slow clients, routes a
 * path to a receiver, and writes the answer; every decision about the callback is the receiver's.
 */
export interface HttpReceiverOptions {
  /** The receiver for a request path (trailing slashes removed), or undefined for a 404. */
  route(path: string): ((request: CallbackRequest) => Promise<CallbackResponse>) | undefined;
  /** What a 404 says the valid paths are. */
  notFound: string;
  /** Read per request: a function instance learns its limit from its configuration. */
  maxBodyBytes(): number;
  transport: string;
  host: string;
  port: number;
  log: LogLine;
  /** Slow clients are cut off: all headers within this, and the whole request within `requestTimeoutMs`. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How often those timeouts are checked (Node's default is 30 s, so a slow client lingers that long past them). */
  timeoutCheckMs?: number;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startHttpReceiver(options: HttpReceiverOptions): Promise<RunningHttpServer> {
  const { log } = options;
  const server = createServer({ connectionsCheckingInterval: options.timeoutCheckMs ?? 1000 }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const receive = options.route(path);
    if (receive === undefined) {
      log({
        level: 'warn',
        msg: 'callback',
        requestId: req.headers['x-request-id'] ?? null,
        vendor: null,
        transport: options.transport,
        method: req.method,
        status: 404,
        outcome: 'not-found',
        events: 0,
      });
      send(res, {
        statusCode: 404,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ status: 'error', error: `not found: ${options.notFound}` }),
      });
      return;
    }
    let body: Awaited<ReturnType<typeof readBodyWithLimit>>;
    try {
      body = await readBodyWithLimit(req, options.maxBodyBytes());
    } catch {
      res.destroy(); // the client went away mid-body; there is no one to answer
      return;
    }
    const response = await receive(fromNodeRequest(req, url, body, options.transport));
    if (body === BODY_TOO_LARGE) {
      // The rest of the body is never read; close instead of keeping a half-read connection alive.
      response.headers.connection = 'close';
      res.once('finish', () => req.destroy());
    }
    send(res, response);
  });
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, response: CallbackResponse): void {
  res.writeHead(response.statusCode, response.headers);
  res.end(response.body);
}
