import type { CallbackResponse } from '../pipeline/callback.js';
import { bodyBytes, requestIdFrom } from './http-parts.js';
import type { FunctionTrigger } from './trigger.js';

/**
 * The platform invoking the function with the alarm itself, no HTTP: Cloud Monitor delivering
 * straight into a function (`SCF:$region/$namespace/$function/$version`). The event shape is
 * unconfirmed; most likely the alarm JSON is the event itself, and a string or Buffer holding it is
 * accepted too. There are no credentials to check: invoking a function requires the platform's own
 * permission (CAM), which is the authentication.
 *
 * There is no status code to retry on: a failure is thrown, so the platform marks the invocation
 * failed and its retry policy applies. The message carries no detail beyond the answer.
 */
export function directInvocation(transport: string): FunctionTrigger {
  return {
    transport,
    matches: () => true,
    toRequest(event, context, maxBodyBytes) {
      const body = Buffer.isBuffer(event) ? event.toString('utf8') : event;
      return {
        transport,
        method: 'POST',
        path: '/',
        headers: {},
        query: {},
        body: bodyBytes(body, false, maxBodyBytes),
        requestId: requestIdFrom(context, {}),
        platformAuthenticated: true,
      };
    },
    toResult(response: CallbackResponse) {
      if (response.statusCode >= 500) {
        const error = new Error(`alerthook: ${response.statusCode} ${response.body}`);
        error.stack = error.message;
        throw error;
      }
      return JSON.parse(response.body);
    },
  };
}
