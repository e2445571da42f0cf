import { triggerFor, type FunctionTrigger } from '../transports/trigger.js';
import { lazyFunctionInstance, type FunctionInstanceOptions } from './function-instance.js';

export interface FunctionHandlerOptions extends Omit<FunctionInstanceOptions, 'platform'> {
  /** The platform's name, for the start-up log line, and its triggers (PLATFORM_TRIGGERS). */
  platform: string;
  triggers: readonly FunctionTrigger[];
}

export type FunctionHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * The adapter between an event-function platform and the pipeline: the trigger that takes the
 * platform's event makes the request, and turns the receiver's answer into the platform's result.
 */
export function createFunctionHandler(options: FunctionHandlerOptions): FunctionHandler {
  const instance = lazyFunctionInstance(options);
  return async function handler(event: unknown, context?: unknown) {
    const fn = instance();
    const trigger = triggerFor(options.triggers, event);
    return trigger.toResult(await fn.receive(trigger.toRequest(event, context, fn.maxBodyBytes)));
  };
}
