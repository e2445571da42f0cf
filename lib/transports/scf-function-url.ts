import { fromHttpTriggerEvent, isHttpEvent, toHttpTriggerResult, type HttpTriggerEvent } from './http-parts.js';
import type { FunctionTrigger } from './trigger.js';

/**
 * Tencent SCF Function URL (cloud.tencent.com/document/product/583/96099): the function gets
 * `{body, headers, httpMethod, path, queryString}` with lower-case header names, no
 * `isBase64Encoded` and no `requestContext`, and answers `{statusCode, headers, body}`. On SCF it is
 * the HTTP trigger for any HTTP event the legacy API gateway does not claim.
 */
interface ScfFunctionUrlEvent extends HttpTriggerEvent {
  queryString?: Record<string, string> | string;
}

export const scfFunctionUrl: FunctionTrigger = {
  transport: 'scf-function-url',
  matches: isHttpEvent,
  toRequest: (event, context, maxBodyBytes) => {
    const e = event as ScfFunctionUrlEvent;
    return fromHttpTriggerEvent('scf-function-url', e, { query: e.queryString, base64: false }, context, maxBodyBytes);
  },
  toResult: toHttpTriggerResult,
};
