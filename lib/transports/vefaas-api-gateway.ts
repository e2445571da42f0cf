import { fromHttpTriggerEvent, isHttpEvent, looksLikeBase64Json, toHttpTriggerResult, type HttpTriggerEvent } from './http-parts.js';
import type { FunctionTrigger } from './trigger.js';

/**
 * Volcengine veFaaS API gateway trigger (volcengine.com/docs/6662/127868), for functions on a
 * handler runtime (`node20/v1`): `{httpMethod, path, pathParameters, queryStringParameters, headers,
 * body}`. Whether bodies are ever base64 is unconfirmed, so a body is decoded when flagged or when it
 * is plainly base64 of JSON. (On a native runtime, the gateway's HTTP reaches server.js directly.)
 */
interface VefaasApiGatewayEvent extends HttpTriggerEvent {
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  isBase64Encoded?: boolean;
}

export const vefaasApiGateway: FunctionTrigger = {
  transport: 'vefaas-api-gateway',
  matches: isHttpEvent,
  toRequest: (event, context, maxBodyBytes) => {
    const e = event as VefaasApiGatewayEvent;
    const base64 = e.isBase64Encoded === true || looksLikeBase64Json(e.body);
    return fromHttpTriggerEvent('vefaas-api-gateway', e, { query: e.queryStringParameters, base64 }, context, maxBodyBytes);
  },
  toResult: toHttpTriggerResult,
};
