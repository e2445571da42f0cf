import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../lib/sinks/s3/bucket.js';

export const S3_KEYS = { ALERTHOOK_S3_ACCESS_KEY_ID: 'S3RVER', ALERTHOOK_S3_SECRET_ACCESS_KEY: 'S3RVER' };
/** s3rver reads `<bucket>.s3.<serviceEndpoint>` as a virtual-hosted request for <bucket>. */
export const S3_SERVICE_DOMAIN = 'example.test';

export interface S3Server {
  port: number;
  endpoint: string;
  /** Where it keeps the objects, for a restart on the same port and data. */
  directory: string;
  /** Stops the server and keeps its objects (an outage); `close` removes them too. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on loopback, with the given buckets; `restart` reuses a stopped one's port and objects. */
export async function startS3Server(buckets: string[], restart?: Pick<S3Server, 'port' | 'directory'>): Promise<S3Server> {
  const directory = restart?.directory ?? mkdtempSync(join(tmpdir(), 'alerthook-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: restart?.port ?? 0,
    silent: true,
    directory,
    serviceEndpoint: S3_SERVICE_DOMAIN,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as { port: number };
  return {
    port: address.port,
    endpoint: `http://s3.${S3_SERVICE_DOMAIN}:${address.port}`,
    directory,
    stop: async () => {
      await server.close();
    },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Routes every host name to 127.0.0.1, so `alerts.s3.example.test` reaches the local server unchanged. */
const toLoopback = ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
  options.all
    ? callback(null, [{ address: '127.0.0.1', family: 4 }])
    : callback(null, '127.0.0.1', 4)) as unknown as import('node:net').LookupFunction;
const loopback = new Agent({ connect: { lookup: toLoopback } });

export interface SignedRequestRecord {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  signatureValid: boolean;
}

/**
 * The fetch handed to the S3 sink in tests: checks each request's SigV4 signature with the
 * verifier below (s3rver does not check V4 signatures itself), records it, and sends it to
 * loopback with its Host header untouched.
 */
export function verifyingLoopbackFetch(secretAccessKey: string, record: SignedRequestRecord[]): FetchLike {
  return async (request, init) => {
    const body = Buffer.from(await request.arrayBuffer());
    const headers = Object.fromEntries(request.headers);
    const url = new URL(request.url);
    record.push({
      method: request.method,
      url,
      headers,
      body,
      signatureValid: verifySigV4(request.method, url, headers, body, secretAccessKey),
    });
    const response = await undiciFetch(url, {
      method: request.method,
      headers,
      dispatcher: loopback,
      ...(request.method === 'GET' ? {} : { body }),
      ...(init?.signal ? { signal: init.signal } : {}),
    });
    return new Response(await response.arrayBuffer(), { status: response.status, headers: Object.fromEntries(response.headers) });
  };
}

/**
 * AWS Signature Version 4, recomputed from the spec (docs.aws.amazon.com/IAM/latest/UserGuide/
 * create-signed-request.html) independently of the signer under test: canonical request →
 * string to sign → HMAC chain over date, region, service, "aws4_request".
 */
export function verifySigV4(method: string, url: URL, headers: Record<string, string>, body: Buffer, secret: string): boolean {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      headers.authorization ?? '',
    );
  if (!auth) return false;
  const [, , date, region, service, signedHeaderList, signature] = auth as unknown as string[];
  const payloadHash = headers['x-amz-content-sha256'] as string;
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return false;
  const signed = (signedHeaderList as string).split(';');
  if (!signed.includes('host') || !signed.includes('x-amz-date')) return false;
  const canonicalHeaders = signed
    .map((name) => `${name}:${(name === 'host' ? url.host : (headers[name] ?? '')).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const query = [...url.searchParams]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const canonicalRequest = [method, url.pathname, query, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', headers['x-amz-date'], scope, sha256(Buffer.from(canonicalRequest))].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, date as string);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part as string);
  return hmac(key, stringToSign).toString('hex') === signature;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface VerifyingS3Proxy {
  /** `http://127.0.0.1:PORT`: the endpoint to give a path-style s3:// sink URL. */
  endpoint: string;
  requests: SignedRequestRecord[];
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of s3rver for processes the tests cannot hand a fetch to (the built CLI,
 * the function bundles): every request's SigV4 signature is checked with the verifier above and a
 * bad one is refused as S3 refuses it (403 SignatureDoesNotMatch); good ones go on to s3rver,
 * path-style, unchanged.
 */
export async function startVerifyingS3Proxy(s3: S3Server, secretAccessKey: string): Promise<VerifyingS3Proxy> {
  const requests: SignedRequestRecord[] = [];
  const { createServer } = await import('node:http');
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
    );
    const signatureValid = verifySigV4(req.method ?? 'GET', url, headers, body, secretAccessKey);
    requests.push({ method: req.method ?? 'GET', url, headers, body, signatureValid });
    if (!signatureValid) {
      res
        .writeHead(403, { 'content-type': 'application/xml' })
        .end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    try {
      const { host: _host, 'content-length': _length, connection: _connection, ...forward } = headers;
      const upstream = await undiciFetch(`http://127.0.0.1:${s3.port}${url.pathname}${url.search}`, {
        method: req.method ?? 'GET',
        headers: forward,
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
      });
      const payload = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(
        upstream.status,
        Object.fromEntries([...upstream.headers].filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding')),
      );
      res.end(payload);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as import('node:net').AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Keys under a prefix of a bucket, straight from s3rver (path-style, signed as the server expects). */
/** A client signing as the test server's keys, for reading it straight, past alerthook. */
async function s3rverClient() {
  const { AwsClient } = await import('aws4fetch');
  return new AwsClient({
    accessKeyId: S3_KEYS.ALERTHOOK_S3_ACCESS_KEY_ID,
    secretAccessKey: S3_KEYS.ALERTHOOK_S3_SECRET_ACCESS_KEY,
    service: 's3',
    region: 'us-east-1',
  });
}

/** An object's bytes as text, read with a signed GET straight from the server. */
export async function readS3Object(s3: S3Server, bucket: string, key: string): Promise<string> {
  const client = await s3rverClient();
  const response = await client.fetch(`http://127.0.0.1:${s3.port}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
  if (!response.ok) throw new Error(`GET ${key} failed: HTTP ${response.status}`);
  return response.text();
}

export async function listS3Keys(s3: S3Server, bucket: string, prefix: string): Promise<string[]> {
  const client = await s3rverClient();
  const response = await client.fetch(`http://127.0.0.1:${s3.port}/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
  const xml = await response.text();
  if (!response.ok) throw new Error(`list failed: HTTP ${response.status}`);
  return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] as string);
}
