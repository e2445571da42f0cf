import { stdoutLog } from '../log.js';
import { startHttpReceiver, type RunningHttpServer } from '../server/http-receiver.js';
import { lazyFunctionInstance, type FunctionInstanceOptions } from './function-instance.js';

/** The port a native runtime's command listens on unless the platform says otherwise in PORT. */
export const NATIVE_RUNTIME_PORT = 8000;

/**
 * A function on a native runtime (veFaaS `native-node20/v1`): the platform runs our command, which
 * serves HTTP on the port the function was created with, and forwards each request to it. Every
 * path reaches the one vendor's receiver (the gateway route is `/`), in function mode: without
 * ALERTHOOK_TOKEN every call is refused. The server starts at once, so the platform's health check
 * passes; the configuration and sink are read on the first request, as in an event function.
 */
export function serveHttpFunction(options: FunctionInstanceOptions & { port?: number; host?: string }): Promise<RunningHttpServer> {
  const instance = lazyFunctionInstance(options);
  const env = options.env ?? process.env;
  const port = options.port ?? (/^\d+$/.test(env.PORT ?? '') ? Number(env.PORT) : NATIVE_RUNTIME_PORT);
  return startHttpReceiver({
    route: () => (request) => instance().receive(request),
    notFound: 'any path',
    maxBodyBytes: () => instance().maxBodyBytes,
    transport: 'vefaas-native-http',
    host: options.host ?? '0.0.0.0',
    port,
    log: options.log ?? stdoutLog,
  });
}
