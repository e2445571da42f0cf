import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BODY_TOO_LARGE, type CallbackRequest } from '../pipeline/callback.js';
import { normalizeHeaders } from './http-parts.js';

/**
 * Reads a body up to `limit` bytes. A declared Content-Length over the limit is refused before a
 * byte is read, and a body that streams past it stops being read there, so an oversize upload
 * costs at most `limit` bytes of memory.
 */
export function readBodyWithLimit(req: IncomingMessage, limit: number): Promise<Uint8Array | null | typeof BODY_TOO_LARGE> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(BODY_TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(BODY_TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size === 0 ? null : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

export function fromNodeRequest(
  req: IncomingMessage,
  url: URL,
  body: CallbackRequest['body'],
  transport: CallbackRequest['transport'],
): CallbackRequest {
  const headers = normalizeHeaders(req.headers);
  return {
    transport,
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    headers,
    query: Object.fromEntries(url.searchParams),
    body,
    requestId: headers['x-request-id'] ?? headers['x-faas-request-id'] ?? randomUUID(),
    platformAuthenticated: false,
  };
}
