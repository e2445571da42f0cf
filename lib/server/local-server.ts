import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlerthookConfig } from '../config.js';
import type { VendorName } from '../event/alert-event.js';
import type { LogLine } from '../log.js';
import { createCallbackReceiver, type CallbackReceiver } from '../pipeline/receive-callback.js';
import type { Sink } from '../sinks/sink.js';
import { BODY_TOO_LARGE, type CallbackResponse } from '../transports/callback-request.js';
import { fromNodeRequest, readBodyWithLimit } from '../transports/node-http.js';
import { vendors } from '../vendors/registry.js';

export interface LocalServerOptions {
  config: AlerthookConfig;
  sink: Sink;
  host: string;
  port: number;
  log: LogLine;
  /** Slow clients are cut off: all headers within this, and the whole request within `requestTimeoutMs`. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How often those timeouts are checked (Node's default is 30 s, so a slow client lingers that long past them). */
  timeoutCheckMs?: number;
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** `POST /tencent` and `POST /volcengine` over the same pipeline the functions run. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config, sink, log } = options;
  const receivers = new Map<string, CallbackReceiver>();
  for (const vendor of Object.keys(vendors) as VendorName[]) {
    receivers.set(`/${vendor}`, createCallbackReceiver({ vendor: vendors[vendor], config, mode: 'local', sink: async () => sink, log }));
  }

  const server = createServer({ connectionsCheckingInterval: options.timeoutCheckMs ?? 1000 }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const receive = receivers.get(route);
    if (receive === undefined) {
      log({ level: 'warn', msg: 'callback', requestId: req.headers['x-request-id'] ?? null, vendor: null, transport: 'local-http', method: req.method, status: 404, outcome: 'not-found', events: 0 });
      send(res, { statusCode: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"status":"error","error":"not found: POST /tencent or /volcengine"}' });
      return;
    }
    let body;
    try {
      body = await readBodyWithLimit(req, config.maxBodyBytes);
    } catch {
      res.destroy(); // the client went away mid-body; there is no one to answer
      return;
    }
    const response = await receive(fromNodeRequest(req, url, body));
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
