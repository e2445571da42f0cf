import signModule from '@volcengine/openapi/lib/base/sign.js';
import { errorMessage } from '../lib/errors.js';
import { DeployError } from './deploy-error.js';

/**
 * One signed call to the Volcengine OpenAPI (`POST /?Action=…&Version=…`, JSON body), signed by
 * the V4 Signer of @volcengine/openapi, which has no veFaaS or API gateway module of its own.
 */
// A CommonJS module: its default import is module.exports, whose `default` is the Signer class.
const Signer = signModule.default;

/** A Volcengine API refusal, with the vendor's error code for callers that act on it. */
export class VolcengineApiError extends DeployError {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface VolcengineApi {
  call<T = Record<string, unknown>>(service: string, version: string, action: string, body: Record<string, unknown>): Promise<T>;
}

export function volcengineApi(options: {
  accessKey: string;
  secretKey: string;
  region: string;
  endpoint?: string;
  onCall?: (service: string, action: string) => void;
}): VolcengineApi {
  const base = new URL(options.endpoint ?? 'https://open.volcengineapi.com');
  return {
    async call<T>(service: string, version: string, action: string, body: Record<string, unknown>): Promise<T> {
      options.onCall?.(service, action);
      const json = JSON.stringify(body);
      const request = {
        region: options.region,
        method: 'POST',
        pathname: '/',
        params: { Action: action, Version: version },
        headers: { Host: base.host, 'Content-Type': 'application/json' },
        body: json,
      };
      const signer = new Signer(request as never, service);
      signer.addAuthorization({ accessKeyId: options.accessKey, secretKey: options.secretKey });
      const url = new URL(`/?${new URLSearchParams({ Action: action, Version: version })}`, base);
      const headers = { ...(signer.request.headers as Record<string, string>) };
      delete headers.Host; // fetch sets it from the URL, identically
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: json, signal: AbortSignal.timeout(30_000) });
      } catch (error) {
        throw new DeployError(`Volcengine ${service} ${action}: cannot reach ${base.host}: ${errorMessage(error)}`);
      }
      const text = await response.text();
      let parsed: { Result?: T; ResponseMetadata?: { Error?: { Code?: string; Message?: string } } };
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new DeployError(`Volcengine ${service} ${action}: HTTP ${response.status}, not JSON`);
      }
      const error = parsed.ResponseMetadata?.Error;
      if (!response.ok || error)
        throw new VolcengineApiError(
          `Volcengine ${service} ${action} failed: ${error?.Code ?? `HTTP ${response.status}`}${error?.Message ? `: ${error.Message}` : ''}`,
          error?.Code,
        );
      return (parsed.Result ?? {}) as T;
    },
  };
}
