import { createHash, createHmac } from 'node:crypto';

/**
 * TC3-HMAC-SHA256, Tencent Cloud API 3.0's signature, recomputed from its definition
 * (cloud.tencent.com/document/api/213/30654) independently of the SDK's signer:
 * canonical request → string to sign over the X-TC-Timestamp and the `date/service/tc3_request`
 * scope → HMAC chain from "TC3" + SecretKey.
 */
export function verifyTc3Signature(
  request: { method: string; path: string; query: string; headers: Record<string, string | string[] | undefined>; body: Buffer },
  secretKey: string,
): { valid: boolean; secretId: string | null; service: string | null } {
  const auth =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      String(request.headers.authorization ?? ''),
    );
  if (!auth) return { valid: false, secretId: null, service: null };
  const [, secretId, date, service, signedHeaderList, signature] = auth as unknown as string[];
  const timestamp = String(request.headers['x-tc-timestamp'] ?? '');
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date)
    return { valid: false, secretId: secretId as string, service: service as string };
  const headerValue = (name: string) => {
    const value = String(request.headers[name] ?? '');
    return name === 'host' ? value.replace(/:\d+$/, '') : value; // the signed host is the host name alone
  };
  const canonicalHeaders = (signedHeaderList as string)
    .split(';')
    .map((name) => `${name}:${headerValue(name).trim().toLowerCase()}\n`)
    .join('');
  const canonical = [request.method, request.path, request.query, canonicalHeaders, signedHeaderList, sha256(request.body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', timestamp, `${date}/${service}/tc3_request`, sha256(Buffer.from(canonical))].join('\n');
  const kDate = hmac(`TC3${secretKey}`, date as string);
  const kService = hmac(kDate, service as string);
  const kSigning = hmac(kService, 'tc3_request');
  return { valid: hmac(kSigning, stringToSign).toString('hex') === signature, secretId: secretId as string, service: service as string };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
