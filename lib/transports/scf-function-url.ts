import type { CallbackRequest, CallbackResponse } from './callback-request.js';
import { fromHttpTriggerEvent } from './http-parts.js';

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
  return fromHttpTriggerEvent('scf-function-url', event, { query: event.queryString, base64: false }, context, maxBodyBytes);
}

/** The integration response shape shared by SCF and veFaaS HTTP triggers. */
export function toHttpTriggerResponse(response: CallbackResponse) {
  return { isBase64Encoded: false, statusCode: response.statusCode, headers: response.headers, body: response.body };
}

export function isHttpEvent(event: unknown): event is { httpMethod: string } & Record<string, unknown> {
  return typeof event === 'object' && event !== null && typeof (event as { httpMethod?: unknown }).httpMethod === 'string';
}
