import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { errorAt } from '../errors.js';
import type { Env } from './create-sink.js';
import { deadLetterKeys, deadLetterMeta, eventKey, type DeadLetter, type EncodedEvent, type Sink } from './sink.js';
import { choice, credential } from './sink-url.js';

/**
 * `s3://BUCKET/PREFIX?endpoint=…&region=…[&style=virtual|path]`: Tencent COS and Volcengine TOS
 * through their S3 APIs, one object per event under `PREFIX/` in the shared key layout.
 *
 * Requests are signed with AWS Signature V4 by aws4fetch (a maintained ~10 KB signer over the
 * platform's fetch) rather than the AWS SDK, whose client alone is several megabytes to load at a
 * cold start. The payload hash is signed too (TOS accepts SigV4 only; COS accepts it).
 * Addressing is virtual-hosted (`BUCKET.endpoint-host`) by default, as TOS requires.
 *
 * Credentials: ALERTHOOK_S3_ACCESS_KEY_ID / ALERTHOOK_S3_SECRET_ACCESS_KEY (optionally
 * ALERTHOOK_S3_SESSION_TOKEN), else the AWS_* names.
 */

export type FetchLike = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface S3SinkOptions {
  /** For tests that must route a virtual-hosted name to loopback; production uses the global fetch. */
  fetch?: FetchLike;
}

export interface S3Location {
  bucket: string;
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
  if (endpointText === null || endpointText === '') throw new Error('s3 sink needs ?endpoint= (e.g. cos.ap-guangzhou.myqcloud.com or tos-s3-cn-beijing.volces.com)');
  const endpoint = new URL(/^https?:\/\//.test(endpointText) ? endpointText : `https://${endpointText}`);
  const region = parsed.searchParams.get('region') ?? regionFromEndpoint(endpoint.hostname);
  if (region === null) throw new Error(`s3 sink needs ?region= (not derivable from ${endpoint.hostname})`);
  const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  return { bucket, prefix: prefix === '' ? '' : `${prefix}/`, endpoint, region, style: choice(parsed.searchParams, 'style', ['virtual', 'path'], 'virtual') };
}

/** The bucket's root URL: `BUCKET.endpoint-host/` (virtual-hosted) or `endpoint-host/BUCKET/` (path). */
export function bucketUrl(location: S3Location): string {
  const { endpoint, bucket } = location;
  const path = endpoint.pathname.replace(/\/$/, '');
  return location.style === 'virtual' ? `${endpoint.protocol}//${bucket}.${endpoint.host}${path}/` : `${endpoint.protocol}//${endpoint.host}${path}/${bucket}/`;
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
  const accessKeyId = credential(env, ['ALERTHOOK_S3_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID']);
  const secretAccessKey = credential(env, ['ALERTHOOK_S3_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY']);
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error('s3 sink needs ALERTHOOK_S3_ACCESS_KEY_ID and ALERTHOOK_S3_SECRET_ACCESS_KEY in the environment');
  }
  const sessionToken = credential(env, ['ALERTHOOK_S3_SESSION_TOKEN', 'AWS_SESSION_TOKEN']);
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export function createS3Sink(url: string, env: Env, options: S3SinkOptions = {}): Sink {
  const location = parseS3Url(url);
  const client = new AwsClient({ ...s3Credentials(env), service: 's3', region: location.region });
  const send: FetchLike = options.fetch ?? ((request, init) => fetch(request, init));
  const { endpoint, bucket } = location;

  async function putObject(key: string, body: string | Uint8Array, contentType: string, signal: AbortSignal | undefined): Promise<void> {
    const fullKey = location.prefix + key;
    const request = await client.sign(objectUrl(location, fullKey), {
      method: 'PUT',
      headers: { 'content-type': contentType, 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
      body,
    });
    const where = `PUT s3://${bucket}/${fullKey} at ${endpoint.host}`;
    let response: Response;
    let text: string;
    try {
      response = await send(request, signal ? { signal } : {});
      text = await response.text();
    } catch (error) {
      throw errorAt(where, error);
    }
    if (!response.ok) {
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
      throw new Error(`${where}: HTTP ${response.status}${code ? ` ${code}` : ''}`);
    }
  }

  return {
    description: `s3://${bucket}/${location.prefix} at ${endpoint.host} (${location.region}, ${location.style}-hosted)`,
    async writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal) {
      await Promise.all(events.map(({ event, json }) => putObject(eventKey(event), `${json}\n`, 'application/json', signal)));
    },
    async writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      const keys = deadLetterKeys(letter);
      await putObject(keys.body, letter.body, 'application/octet-stream', signal);
      await putObject(keys.meta, deadLetterMeta(letter), 'application/json', signal);
    },
    async close() {},
  };
}
