import { unwrapFunctionEvent, type FunctionPlatform } from '../transports/unwrap-function-event.js';
import { lazyFunctionInstance, type FunctionInstanceOptions } from './function-instance.js';

export interface FunctionHandlerOptions extends Omit<FunctionInstanceOptions, 'platform'> {
  platform: FunctionPlatform;
}

export type FunctionHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * The adapter between an event-function platform and the pipeline: the platform's event becomes a
 * request, the receiver's answer becomes what the platform expects back.
 */
export function createFunctionHandler(options: FunctionHandlerOptions): FunctionHandler {
  const instance = lazyFunctionInstance(options);
  return async function handler(event: unknown, context?: unknown) {
    const fn = instance();
    const { request, respond } = unwrapFunctionEvent(event, context, options.platform, fn.maxBodyBytes);
    return respond(await fn.receive(request));
  };
}
