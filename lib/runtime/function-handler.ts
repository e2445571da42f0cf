import { PLATFORM_TRIGGERS } from '../transports/platforms.js';
import { scheduledTickOf } from '../transports/scheduled-tick.js';
import { triggerFor } from '../transports/trigger.js';
import type { AnyVendorProvider } from '../vendors/vendor.js';
import { lazyFunctionInstance, type FunctionInstanceOptions } from './function-instance.js';

export type FunctionHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * The adapter between an event-function platform and the pipeline, for the platform the vendor's
 * manifest names: the trigger that takes the platform's event makes the request, and turns the
 * receiver's answer into the platform's result. A function entry is one line over this.
 */
export function createFunctionHandler(vendor: AnyVendorProvider, options: FunctionInstanceOptions = {}): FunctionHandler {
  const triggers = PLATFORM_TRIGGERS[vendor.platform];
  const instance = lazyFunctionInstance(vendor, vendor.platform, options);
  return async function handler(event: unknown, context?: unknown) {
    const fn = instance();
    // The deployed timer's event is not a request: it redrives the fallback store.
    const tick = scheduledTickOf(vendor.platform, event);
    if (tick !== null) return fn.scheduled(tick);
    const trigger = triggerFor(triggers, event);
    return trigger.toResult(await fn.receive(trigger.toRequest(event, context, fn.maxBodyBytes)));
  };
}
