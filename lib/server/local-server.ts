import type { AlerthookConfig } from '../config.js';
import { createCallbackReceiver, type CallbackReceiver } from '../pipeline/receive-callback.js';
import type { Sink } from '../pipeline/delivery.js';
import { loadVendors } from '../vendors/registry.js';
import { sourcesOf } from '../vendors/vendor-sources.js';
import { startHttpReceiver, type HttpReceiverOptions, type RunningHttpServer } from '../transports/http-receiver.js';

/** Where to listen and how patiently, as for any HTTP receiver, plus what to receive with. */
export interface LocalServerOptions
  extends Pick<HttpReceiverOptions, 'host' | 'port' | 'log' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'timeoutCheckMs'> {
  config: AlerthookConfig;
  sink: Sink;
}

export type LocalServer = RunningHttpServer;

/**
 * Every registered vendor at its path (`POST /tencent`, `POST /volcengine`), each taking all its
 * sources there and each source also at `/<vendor>/<source>` (`POST /tencent/prometheus`), over the
 * same pipeline the functions run.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config, sink, ...listening } = options;
  const receivers = new Map<string, CallbackReceiver>();
  const vendors = Object.values(await loadVendors());
  const paths: string[] = [];
  for (const vendor of vendors) {
    const receiver = createCallbackReceiver({
      vendor,
      otherVendors: vendors,
      config,
      mode: 'local',
      sink: async () => sink,
      log: options.log,
    });
    receivers.set(vendor.httpPath, receiver);
    paths.push(vendor.httpPath);
    for (const source of sourcesOf(vendor))
      if (source.pathSegment !== '') receivers.set(`${vendor.httpPath}/${source.pathSegment}`, receiver);
  }
  return startHttpReceiver({
    route: (path) => receivers.get(path),
    notFound: paths.map((path) => `POST ${path}`).join(' or '),
    maxBodyBytes: () => config.maxBodyBytes,
    transport: 'local-http',
    ...listening,
  });
}
