import { fromHttpTriggerEvent, isHttpEvent, toHttpTriggerResult, type HttpTriggerEvent } from './http-parts.js';
import type { FunctionTrigger } from './trigger.js';

/**
 * The legacy SCF API Gateway trigger event (`requestContext`, `isBase64Encoded`, …). Tencent
 * retired API Gateway on 2025-06-30, but old deployments may still send it.
 */
interface ScfApiGatewayEvent extends HttpTriggerEvent {
  requestContext: Record<string, unknown>;
  queryString?: Record<string, string>;
  isBase64Encoded?: boolean;
}

export const scfApiGateway: FunctionTrigger = {
  transport: 'scf-api-gateway',
  matches: (event) => isHttpEvent(event) && typeof event.requestContext === 'object' && event.requestContext !== null,
  toRequest: (event, context, maxBodyBytes) => {
    const e = event as ScfApiGatewayEvent;
    return fromHttpTriggerEvent(
      'scf-api-gateway',
      e,
      { query: e.queryString, base64: e.isBase64Encoded === true, requestId: e.requestContext.requestId },
      context,
      maxBodyBytes,
    );
  },
  toResult: toHttpTriggerResult,
};
