import { ConfigError, DEFAULT_FUNCTION_SINK, loadConfig, type AlerthookConfig } from '../config.js';
import { stdoutLog, type LogLine } from '../log.js';
import { redactSinkUrls } from '../sinks/sink-url.js';
import { createCallbackReceiver, type CallbackReceiver } from '../pipeline/receive-callback.js';
import { openSinks } from '../sinks/create-sink.js';
import type { Sink } from '../sinks/sink.js';
import { unwrapFunctionEvent, type FunctionPlatform } from '../transports/unwrap-function-event.js';
import type { VendorProvider } from '../vendors/provider.js';

export interface FunctionHandlerOptions {
  /** The one vendor this function receives; imported directly so its bundle holds no other. */
  vendor: VendorProvider<any>;
  platform: FunctionPlatform;
  env?: Readonly<Record<string, string | undefined>>;
  log?: LogLine;
}

export type FunctionHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * The adapter between a function platform and the pipeline. Module load does nothing; the first
 * invocation reads the configuration and builds the receiver, the first one with something to
 * store opens the sink, and both are kept for the life of the warm instance.
 */
export function createFunctionHandler(options: FunctionHandlerOptions): FunctionHandler {
  const log = options.log ?? stdoutLog;
  let state: { config: AlerthookConfig; receive: CallbackReceiver } | ConfigError | undefined;

  function initialize() {
    try {
      const env = options.env ?? process.env;
      const config = loadConfig(env, { sinkUrl: DEFAULT_FUNCTION_SINK });
      let sink: Promise<Sink> | undefined;
      const openSink = () => {
        sink ??= openSinks(config.sinkUrl, config.deadLetterUrl, env).catch((error: unknown) => {
          sink = undefined; // a later invocation tries again
          throw error;
        });
        return sink;
      };
      log({
        level: 'info',
        msg: 'alerthook starting',
        vendor: options.vendor.name,
        platform: options.platform,
        sink: redactSinkUrls(config.sinkUrl),
        deadLetter: config.deadLetterUrl === null ? 'first sink' : redactSinkUrls(config.deadLetterUrl),
        auth: describeAuth(config),
      });
      if (config.sinkUrl.startsWith('file:')) {
        log({ level: 'warn', msg: 'file sink in a function: events are lost when the instance is recycled; set ALERTHOOK_SINK to a bucket or queue', sink: redactSinkUrls(config.sinkUrl) });
      }
      if (config.token === null && !config.allowAnonymous) {
        log({ level: 'error', msg: 'ALERTHOOK_TOKEN is not set: every HTTP call will be refused with 503 until it is (or ALERTHOOK_ALLOW_ANONYMOUS=1)' });
      }
      const receive = createCallbackReceiver({ vendor: options.vendor, config, mode: 'function', sink: openSink, log });
      return { config, receive };
    } catch (error) {
      if (error instanceof ConfigError) {
        log({ level: 'error', msg: `configuration error: ${error.message}` });
        return error;
      }
      throw error;
    }
  }

  return async function handler(event: unknown, context?: unknown) {
    state ??= initialize();
    if (state instanceof ConfigError) {
      // Refuse with a retryable answer: the vendor retries, and the operator sees the error line.
      const { respond } = unwrapFunctionEvent(event, context, options.platform, 0);
      return respond({ statusCode: 503, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"status":"error","error":"receiver not configured"}' });
    }
    const { request, respond } = unwrapFunctionEvent(event, context, options.platform, state.config.maxBodyBytes);
    return respond(await state.receive(request));
  };
}

function describeAuth(config: AlerthookConfig): string {
  if (config.token !== null) return 'shared secret';
  return config.allowAnonymous ? 'anonymous (ALERTHOOK_ALLOW_ANONYMOUS)' : 'refusing (no ALERTHOOK_TOKEN)';
}
