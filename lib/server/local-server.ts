import type { AlerthookConfig } from '../config.js';
import type { LogLine } from '../log.js';
import { createCallbackReceiver, type CallbackReceiver } from '../pipeline/receive-callback.js';
import type { Sink } from '../sinks/sink.js';
import { loadVendors } from '../vendors/registry.js';
import { startHttpReceiver, type RunningHttpServer } from './http-receiver.js';

export interface LocalServerOptions {
  config: AlerthookConfig;
  sink: Sink;
  host: string;
  port: number;
  log: LogLine;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  timeoutCheckMs?: number;
}

export type LocalServer = RunningHttpServer;

/** Every registered vendor at its path (`POST /tencent`, `POST /volcengine`) over the same pipeline the functions run. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config, sink, log } = options;
  const receivers = new Map<string, CallbackReceiver>();
  for (const vendor of Object.values(await loadVendors())) {
    receivers.set(vendor.httpPath, createCallbackReceiver({ vendor, config, mode: 'local', sink: async () => sink, log }));
  }
  return startHttpReceiver({
    route: (path) => receivers.get(path),
    notFound: [...receivers.keys()].map((path) => `POST ${path}`).join(' or '),
    maxBodyBytes: () => config.maxBodyBytes,
    transport: 'local-http',
    host: options.host,
    port: options.port,
    log,
    ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.timeoutCheckMs === undefined ? {} : { timeoutCheckMs: options.timeoutCheckMs }),
  });
}
