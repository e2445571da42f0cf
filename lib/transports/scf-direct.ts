import type { CallbackRequest } from './callback-request.js';
import { bodyBytes, requestIdFrom } from './http-parts.js';

/**
 * Cloud Monitor delivering straight into a function (`SCF:$region/$namespace/$function/$version`).
 * The event shape is unconfirmed; most likely the alarm JSON is the event itself, and a string or
 * Buffer holding it is accepted too. There is no HTTP, so no credentials: invoking a function
 * requires CAM permission, which is the authentication.
 */
export function fromScfDirectInvocation(event: unknown, context: unknown, maxBodyBytes: number): CallbackRequest {
  const body = Buffer.isBuffer(event) ? event.toString('utf8') : event;
  return {
    transport: 'scf-direct',
    method: 'POST',
    path: '/',
    headers: {},
    query: {},
    body: bodyBytes(body, false, maxBodyBytes),
    requestId: requestIdFrom(context, {}),
    platformAuthenticated: true,
  };
}
