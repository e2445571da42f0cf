import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { envValue, type Env } from '../../env.js';
import { errorAt } from '../../errors.js';
import { choice } from '../sink-url.js';

/**
 * A bucket behind the S3 API (Tencent COS, Volcengine TOS, anything S3-compatible), named by an
 * `s3://BUCKET/PREFIX?endpoint=…&region=…[&style=virtual|path]` URL: the four signed requests the
 * sink, the tail and replay need, with keys relative to PREFIX.
 *
 * Requests are signed with AWS Signature V4 by aws4fetch (a maintained ~10 KB signer over the
 * platform's fetch) rather than the AWS SDK, whose client alone is several megabytes to load at a
 * cold start. Payload hashes are signed too (TOS accepts SigV4 only; COS accepts it). Addressing is
 * virtual-hosted (`BUCKET.endpoint-host`) by default, as TOS requires.
 *
 * Credentials: ALERTHOOK_S3_ACCESS_KEY_ID / ALERTHOOK_S3_SECRET_ACCESS_KEY (optionally
 * ALERTHOOK_S3_SESSION_TOKEN), else the AWS_* names.
 */

export type FetchLike = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface S3Location {
  bucket: string;
  /** Empty, or ends with `/`. */
  prefix: string;
  endpoint: URL;
  region: string;
  style: 'virtual' | 'path';
}

export function parseS3Url(url: string): S3Location {
  const parsed = new URL(url);
  const bucket = parsed.hostname;
  if (bucket === '') throw new Error('s3 sink URL names no bucket: s3://BUCKET/PREFIX?endpoint=…&region=…');
  const endpointText = parsed.searchParams.get('endpoint');
  if (endpointText === null || endpointText === '')
    throw new Error('s3 sink needs ?endpoint= (e.g. cos.ap-guangzhou.myqcloud.com or tos-s3-cn-beijing.volces.com)');
  const endpoint = new URL(/^https?:\/\//.test(endpointText) ? endpointText : `https://${endpointText}`);
  const region = parsed.searchParams.get('region') ?? regionFromEndpoint(endpoint.hostname);
  if (region === null) throw new Error(`s3 sink needs ?region= (not derivable from ${endpoint.hostname})`);
  const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  return {
    bucket,
    prefix: prefix === '' ? '' : `${prefix}/`,
    endpoint,
    region,
    style: choice(parsed.searchParams, 'style', ['virtual', 'path'], 'virtual'),
  };
}

/** The bucket's root URL: `BUCKET.endpoint-host/` (virtual-hosted) or `endpoint-host/BUCKET/` (path). */
export function bucketUrl(location: S3Location): string {
  const { endpoint, bucket } = location;
  const path = endpoint.pathname.replace(/\/$/, '');
  return location.style === 'virtual'
    ? `${endpoint.protocol}//${bucket}.${endpoint.host}${path}/`
    : `${endpoint.protocol}//${endpoint.host}${path}/${bucket}/`;
}

/** The URL of an object by its full key (prefix included), each path segment encoded. */
export function objectUrl(location: S3Location, key: string): string {
  return bucketUrl(location) + key.split('/').map(encodeURIComponent).join('/');
}

/** `cos.<region>.myqcloud.com` and `tos-s3-<region>.volces.com` name their region. */
function regionFromEndpoint(host: string): string | null {
  return /^cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host)?.[1] ?? /^tos-s3-([a-z0-9-]+)\.(?:ivolces|volces)\.com$/.exec(host)?.[1] ?? null;
}

export function s3Credentials(env: Env): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  const accessKeyId = envValue(env, 'ALERTHOOK_S3_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = envValue(env, 'ALERTHOOK_S3_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error('s3 sink needs ALERTHOOK_S3_ACCESS_KEY_ID and ALERTHOOK_S3_SECRET_ACCESS_KEY in the environment');
  }
  const sessionToken = envValue(env, 'ALERTHOOK_S3_SESSION_TOKEN', 'AWS_SESSION_TOKEN');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export interface S3Bucket {
  readonly location: S3Location;
  /** `s3://BUCKET/PREFIX at HOST`, for messages. */
  readonly description: string;
  put(key: string, body: string | Uint8Array, contentType: string, signal?: AbortSignal): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string, signal?: AbortSignal): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (ListObjectsV2, all pages), relative to the location's prefix, in the store's order. */
  list(prefix: string): Promise<string[]>;
}

/** @param options.fetch for tests that must route a virtual-hosted name to loopback; production uses the global fetch. */
export function s3Bucket(url: string, env: Env, options: { fetch?: FetchLike } = {}): S3Bucket {
  const location = parseS3Url(url);
  const client = new AwsClient({ ...s3Credentials(env), service: 's3', region: location.region });
  const send: FetchLike = options.fetch ?? ((request, init) => fetch(request, init));
  const description = `s3://${location.bucket}/${location.prefix} at ${location.endpoint.host}`;

  /** One signed request; a network failure or an unexpected status is an error naming what and where. */
  async function request(
    method: string,
    url: string,
    what: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string>; signal?: AbortSignal | undefined; accept?: number[] } = {},
  ): Promise<{ status: number; body: Uint8Array }> {
    const where = `${method} ${what} at ${location.endpoint.host}`;
    let status: number;
    let body: Uint8Array;
    try {
      const payloadHash = createHash('sha256')
        .update(init.body ?? '')
        .digest('hex');
      const signed = await client.sign(url, {
        method,
        headers: { ...init.headers, 'x-amz-content-sha256': payloadHash },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      const response = await send(signed, init.signal ? { signal: init.signal } : {});
      status = response.status;
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw errorAt(where, error);
    }
    if ((status < 200 || status > 299) && !(init.accept ?? []).includes(status)) {
      const code = /<Code>([^<]*)<\/Code>/.exec(Buffer.from(body).toString('utf8'))?.[1];
      throw new Error(`${where}: HTTP ${status}${code ? ` ${code}` : ''}`);
    }
    return { status, body };
  }

  const object = (key: string) => ({
    url: objectUrl(location, location.prefix + key),
    what: `s3://${location.bucket}/${location.prefix}${key}`,
  });

  return {
    location,
    description,
    async put(key, body, contentType, signal) {
      const { url, what } = object(key);
      await request('PUT', url, what, { body, headers: { 'content-type': contentType }, signal });
    },
    async get(key, signal) {
      const { url, what } = object(key);
      const response = await request('GET', url, what, { signal, accept: [404] });
      return response.status === 404 ? null : response.body;
    },
    async delete(key) {
      const { url, what } = object(key);
      await request('DELETE', url, what, { accept: [404] });
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({
          'list-type': '2',
          prefix: location.prefix + prefix,
          ...(token ? { 'continuation-token': token } : {}),
        });
        const { body } = await request(
          'GET',
          `${bucketUrl(location)}?${query}`,
          `list s3://${location.bucket}/${location.prefix}${prefix}`,
        );
        const xml = Buffer.from(body).toString('utf8');
        for (const [, key] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unescapeXml(key as string).slice(location.prefix.length));
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? unescapeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? '')
          : undefined;
      } while (token);
      return keys;
    },
  };
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] as string,
  );
}
