/**
 * The pipeline's input and output: what every transport unwraps a platform's event to, and what
 * the pipeline answers. The pipeline owns these types; transports import them, never the other way
 * round. The pipeline never sees a platform's event shape; transports never see an alarm.
 */

/** The transport refused to read a body past the size limit. */
export const BODY_TOO_LARGE = Symbol('body too large');

export interface CallbackRequest {
  /** Which transport it came by, for the log line: `scf-function-url`, `local-http`, … */
  readonly transport: string;
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
