import type { CallbackRequest } from './callback-request.js';
import { fromHttpTriggerEvent, looksLikeBase64Json } from './http-parts.js';
import { isHttpEvent } from './scf-function-url.js';

/**
 * Volcengine veFaaS API gateway trigger (volcengine.com/docs/6662/127868):
 * `{httpMethod, path, pathParameters, queryStringParameters, headers, body}`. Whether bodies are
 * ever base64 is unconfirmed, so a body is decoded when flagged or when it is plainly base64 of JSON.
 */
export interface VefaasApiGatewayEvent {
  httpMethod: string;
  path?: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export function isVefaasApiGatewayEvent(event: unknown): event is VefaasApiGatewayEvent {
  return isHttpEvent(event) && !('requestContext' in event) && ('queryStringParameters' in event || 'pathParameters' in event);
}

export function fromVefaasApiGatewayEvent(event: VefaasApiGatewayEvent, context: unknown, maxBodyBytes: number): CallbackRequest {
  const base64 = event.isBase64Encoded === true || looksLikeBase64Json(event.body);
  return fromHttpTriggerEvent('vefaas-api-gateway', event, { query: event.queryStringParameters, base64 }, context, maxBodyBytes);
}
