import type { CallbackRequest, CallbackResponse } from './callback-request.js';
import { fromScfApiGatewayEvent, isScfApiGatewayEvent } from './scf-api-gateway.js';
import { fromScfDirectInvocation } from './scf-direct.js';
import { fromScfFunctionUrlEvent, isHttpEvent, isScfFunctionUrlEvent, toHttpTriggerResponse } from './scf-function-url.js';
import { fromVefaasApiGatewayEvent, isVefaasApiGatewayEvent } from './vefaas-api-gateway.js';

export type FunctionPlatform = 'scf' | 'vefaas';

export interface UnwrappedEvent {
  request: CallbackRequest;
  /** Turns the pipeline's answer into what this transport's platform expects back. */
  respond(response: CallbackResponse): unknown;
}

/**
 * Recognises the transport from the event itself. An HTTP event with none of the distinguishing
 * fields is read as the platform's usual HTTP trigger; anything that is not an HTTP event is a
 * direct invocation carrying the alarm.
 */
export function unwrapFunctionEvent(event: unknown, context: unknown, platform: FunctionPlatform, maxBodyBytes: number): UnwrappedEvent {
  if (isScfApiGatewayEvent(event)) return http(fromScfApiGatewayEvent(event, context, maxBodyBytes));
  if (isVefaasApiGatewayEvent(event)) return http(fromVefaasApiGatewayEvent(event, context, maxBodyBytes));
  if (isScfFunctionUrlEvent(event)) {
    return http(platform === 'vefaas' ? fromVefaasApiGatewayEvent(event, context, maxBodyBytes) : fromScfFunctionUrlEvent(event, context, maxBodyBytes));
  }
  if (isHttpEvent(event)) return http(fromScfFunctionUrlEvent(event, context, maxBodyBytes));
  return { request: fromScfDirectInvocation(event, context, maxBodyBytes), respond: respondToDirectInvocation };
}

function http(request: CallbackRequest): UnwrappedEvent {
  return { request, respond: toHttpTriggerResponse };
}

/**
 * A direct invocation has no status code to retry on: a failure is thrown, so the platform marks
 * the invocation failed and its retry policy applies. The message carries no detail beyond the answer.
 */
function respondToDirectInvocation(response: CallbackResponse): unknown {
  if (response.statusCode >= 500) {
    const error = new Error(`alerthook: ${response.statusCode} ${response.body}`);
    error.stack = error.message;
    throw error;
  }
  return JSON.parse(response.body);
}
