import type { CallbackRequest, CallbackResponse } from './callback.js';

/**
 * The HTTP side of the receiver's answers, apart from its decisions: which methods there are, how a
 * refusal asks for credentials, the JSON body and its type, and no body for HEAD.
 */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const;

export function isAllowedMethod(method: string): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method);
}

/** What the answer to each decision carries beyond its JSON body. */
export const ANSWER_HEADERS = {
  'method-not-allowed': { allow: ALLOWED_METHODS.join(', ') },
  unauthorized: { 'www-authenticate': 'Basic realm="alerthook", charset="UTF-8"' },
} as const;

export function jsonAnswer(
  request: CallbackRequest,
  statusCode: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): CallbackResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: request.method === 'HEAD' ? '' : JSON.stringify(body),
  };
}
