import type { CallbackRequest } from './callback-request.js';
import { fromHttpTriggerEvent } from './http-parts.js';
import { isHttpEvent } from './scf-function-url.js';

/**
 * The legacy SCF API Gateway trigger event (`requestContext`, `isBase64Encoded`, …). Tencent
 * retired API Gateway on 2025-06-30, but old deployments may still send it.
 */
export interface ScfApiGatewayEvent {
  httpMethod: string;
  requestContext: Record<string, unknown>;
  path?: string;
  headers?: Record<string, string>;
  queryString?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export function isScfApiGatewayEvent(event: unknown): event is ScfApiGatewayEvent {
  return isHttpEvent(event) && typeof event.requestContext === 'object' && event.requestContext !== null;
}

export function fromScfApiGatewayEvent(event: ScfApiGatewayEvent, context: unknown, maxBodyBytes: number): CallbackRequest {
  return fromHttpTriggerEvent(
    'scf-api-gateway',
    event,
    { query: event.queryString, base64: event.isBase64Encoded === true, requestId: event.requestContext.requestId },
    context,
    maxBodyBytes,
  );
}
