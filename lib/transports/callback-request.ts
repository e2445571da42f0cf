/**
 * What every transport envelope unwraps to, and what the pipeline answers. The pipeline never
 * sees a platform's event shape; the envelopes never see an alarm.
 */

export type TransportName = 'scf-function-url' | 'scf-api-gateway' | 'scf-direct' | 'vefaas-api-gateway' | 'vefaas-native-http' | 'local-http';

/** The transport refused to read a body past the size limit. */
export const BODY_TOO_LARGE = Symbol('body too large');

export interface CallbackRequest {
  readonly transport: TransportName;
  /** Upper case. */
  readonly method: string;
  readonly path: string;
  /** Names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The body bytes as the sender sent them (base64 undone); null when there is none. */
  readonly body: Uint8Array | null | typeof BODY_TOO_LARGE;
  readonly requestId: string;
  /** Invoked through the platform's own authenticated API (no HTTP, no credentials to check). */
  readonly platformAuthenticated: boolean;
}

export interface CallbackResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
