import { sha256Bytes } from '../event/digest.js';

export type CredentialCheck = 'valid' | 'missing' | 'invalid';

/**
 * One shared secret, accepted in each place a vendor can put it:
 * - HTTP Basic password: Tencent's only option is `https://USER:PASS@host/path` in the callback URL;
 * - `Token` header: Volcengine's "interface encryption" sends a static one;
 * - `Authorization: Bearer`, and a `token` query parameter for senders that can only set a URL.
 * Candidates are hashed before comparison, so the constant-time compare sees equal lengths and
 * neither the secret's length nor its prefix leaks through timing.
 */
export class SharedSecret {
  readonly #digest: Buffer;

  constructor(secret: string) {
    if (secret === '') throw new Error('the shared secret is empty');
    this.#digest = sha256Bytes(secret);
  }

  check(headers: Readonly<Record<string, string>>, query: Readonly<Record<string, string>>): CredentialCheck {
    const candidates = presentedCredentials(headers, query);
    if (candidates.length === 0) return 'missing';
    // Every candidate is compared (no early exit), so timing does not say which one matched.
    let matched = false;
    for (const candidate of candidates) matched = sameDigest(sha256Bytes(candidate), this.#digest) || matched;
    return matched ? 'valid' : 'invalid';
  }
}

export function presentedCredentials(headers: Readonly<Record<string, string>>, query: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const [scheme = '', ...rest] = authorization.trim().split(/\s+/);
    const value = rest.join(' ');
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      // A Basic header without a colon is malformed; present it whole so it is counted, and fails.
      found.push(colon === -1 ? decoded : decoded.slice(colon + 1));
    } else if (/^bearer$/i.test(scheme)) {
      found.push(value);
    } else {
      found.push(authorization);
    }
  }
  if (headers.token !== undefined) found.push(headers.token);
  if (query.token !== undefined) found.push(query.token);
  return found;
}

/**
 * Two SHA-256 digests compared without an early exit (node:crypto's timingSafeEqual would load
 * node:crypto on a function's first callback, ~12 M instructions). What is compared are digests,
 * so even a timing difference would say nothing about the secret.
 */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
