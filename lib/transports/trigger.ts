import type { CallbackRequest, CallbackResponse } from '../pipeline/callback.js';

/**
 * One way a function platform invokes the function, owning both directions (as Hono's per-runtime
 * adapters do): the platform's event becomes a CallbackRequest, and the pipeline's answer becomes
 * what that platform expects back. A platform's triggers are tried in order; the last takes anything.
 */
export interface FunctionTrigger {
  /** For the log line. */
  readonly transport: string;
  matches(event: unknown): boolean;
  toRequest(event: unknown, context: unknown, maxBodyBytes: number): CallbackRequest;
  toResult(response: CallbackResponse): unknown;
}

export function triggerFor(triggers: readonly FunctionTrigger[], event: unknown): FunctionTrigger {
  const trigger = triggers.find((candidate) => candidate.matches(event));
  if (trigger === undefined) throw new Error('no trigger of this platform takes the event');
  return trigger;
}
