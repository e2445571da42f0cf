import { errorMessage } from '../errors.js';
import { NATIVE_RUNTIME_PORT } from '../function-platform.js';
import { stdoutLog } from '../log.js';
import { startHttpReceiver, type RunningHttpServer } from '../transports/http-receiver.js';
import type { AnyVendorProvider } from '../vendors/vendor.js';
import { lazyFunctionInstance, type FunctionInstanceOptions } from './function-instance.js';
import { jsonAnswer } from '../pipeline/http-answers.js';
import { scheduledTickOfRequest } from '../transports/scheduled-tick.js';

export interface HttpFunctionOptions extends FunctionInstanceOptions {
  port?: number;
  host?: string;
}

/**
 * A function on a native runtime (veFaaS `native-node20/v1`): the platform runs our command, which
 * serves HTTP on the port the function was created with, and forwards each request to it. Every
 * path reaches the one vendor's receiver (the gateway route is `/`), in function mode: without
 * ALERTHOOK_TOKEN every call is refused. The server starts at once, so the platform's health check
 * passes; the configuration and sink are read on the first request, as in an event function.
 */
export function serveHttpFunction(vendor: AnyVendorProvider, options: HttpFunctionOptions = {}): Promise<RunningHttpServer> {
  const instance = lazyFunctionInstance(vendor, `${vendor.platform}-native`, options);
  const env = options.env ?? process.env;
  const port = options.port ?? (/^\d+$/.test(env.PORT ?? '') ? Number(env.PORT) : NATIVE_RUNTIME_PORT);
  return startHttpReceiver({
    route: () => async (request) => {
      // The platform's timer arrives as a request too; only one carrying the deployed argument is
      // taken as the timer, anything else is a callback (and must authenticate as one).
      const tick = scheduledTickOfRequest(request);
      if (tick !== null && instance().isDeployedTimer(tick)) return jsonAnswer(request, 200, await instance().scheduled(tick));
      return instance().receive(request);
    },
    notFound: 'any path',
    maxBodyBytes: () => instance().maxBodyBytes,
    transport: `${vendor.platform}-native-http`,
    host: options.host ?? '0.0.0.0',
    port,
    log: options.log ?? stdoutLog,
  });
}

/** The native runtime's command: serve, say where in one log line, or say why not and exit 1. */
export function runHttpFunction(vendor: AnyVendorProvider): void {
  serveHttpFunction(vendor).then(
    (server) => stdoutLog({ level: 'info', msg: 'listening', url: server.url }),
    (error: unknown) => {
      stdoutLog({ level: 'error', msg: `cannot listen: ${errorMessage(error)}` });
      process.exit(1);
    },
  );
}
