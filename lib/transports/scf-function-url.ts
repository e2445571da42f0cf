import type { CallbackRequest, CallbackResponse } from './callback-request.js';
import { bodyBytes, normalizeHeaders, normalizeQuery, requestIdFrom } from './http-parts.js';

/**
 * Tencent SCF Function URL (cloud.tencent.com/document/product/583/96099): the function gets
 * `{body, headers, httpMethod, path, queryString}` with lower-case header names, no
 * `isBase64Encoded` and no `requestContext`, and answers `{statusCode, headers, body}`.
 */
export interface ScfFunctionUrlEvent {
  httpMethod: string;
  path?: string;
  headers?: Record<string, string>;
  queryString?: Record<string, string> | string;
  body?: string;
}

export function isScfFunctionUrlEvent(event: unknown): event is ScfFunctionUrlEvent {
  return isHttpEvent(event) && !('requestContext' in event) && !('queryStringParameters' in event) && !('pathParameters' in event);
}

export function fromScfFunctionUrlEvent(event: ScfFunctionUrlEvent, context: unknown, maxBodyBytes: number): CallbackRequest {
  const headers = normalizeHeaders(event.headers);
  return {
    transport: 'scf-function-url',
    method: event.httpMethod.toUpperCase(),
    path: event.path ?? '/',
    headers,
    query: normalizeQuery(event.queryString),
    body: bodyBytes(event.body, false, maxBodyBytes),
    requestId: requestIdFrom(context, headers),
    platformAuthenticated: false,
  };
}

/** The integration response shape shared by SCF and veFaaS HTTP triggers. */
export function toHttpTriggerResponse(response: CallbackResponse) {
  return { isBase64Encoded: false, statusCode: response.statusCode, headers: response.headers, body: response.body };
}

export function isHttpEvent(event: unknown): event is { httpMethod: string } & Record<string, unknown> {
  return typeof event === 'object' && event !== null && typeof (event as { httpMethod?: unknown }).httpMethod === 'string';
}
