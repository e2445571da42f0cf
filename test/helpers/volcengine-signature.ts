import { createHash, createHmac } from 'node:crypto';

/**
 * Volcengine's V4 request signature, recomputed from its definition independently of the SDK's
 * signer: like AWS SigV4 but with algorithm `HMAC-SHA256`, headers `X-Date` / `X-Content-Sha256`,
 * no key prefix, and scope `date/region/service/request`. Every header the client sent is signed
 * except authorization, content-type, content-length, user-agent, presigned-expires and expect.
 */
export function verifyVolcengineSignature(
  request: { method: string; path: string; query?: string; headers: Record<string, string | string[] | undefined>; body: Buffer },
  secretKey: string,
): { valid: boolean; accessKey: string | null; region: string | null; service: string | null } {
  const auth = /^HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    String(request.headers.authorization ?? ''),
  );
  if (!auth) return { valid: false, accessKey: null, region: null, service: null };
  const [, accessKey, date, region, service, signedHeaderList, signature] = auth as unknown as string[];
  const header = (name: string) => String(request.headers[name] ?? '');
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  if (header('x-content-sha256') !== '' && header('x-content-sha256') !== bodyHash)
    return { valid: false, accessKey: accessKey as string, region: region as string, service: service as string };
  const signed = (signedHeaderList as string).split(';');
  const canonicalHeaders = signed.map((name) => `${name}:${header(name).replace(/\s+/g, ' ').trim()}`).join('\n');
  const query = (request.query ?? '')
    .split('&')
    .filter((pair) => pair !== '')
    .sort()
    .join('&');
  const canonical = [
    request.method.toUpperCase(),
    request.path,
    query,
    `${canonicalHeaders}\n`,
    signedHeaderList,
    header('x-content-sha256') || bodyHash,
  ].join('\n');
  const stringToSign = [
    'HMAC-SHA256',
    header('x-date'),
    `${date}/${region}/${service}/request`,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', secretKey)
    .update(date as string)
    .digest();
  for (const part of [region, service, 'request'])
    key = createHmac('sha256', key)
      .update(part as string)
      .digest();
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return { valid: expected === signature, accessKey: accessKey as string, region: region as string, service: service as string };
}
