import { AwsClient } from 'aws4fetch';
import { bucketUrl, objectUrl, parseS3Url, s3Credentials } from '../sinks/s3-sink.js';
import { pause, type OnEvent, type TailOptions } from './tail.js';

/** Polls ListObjectsV2 under `PREFIX/events/` and GETs each new key, with the sink's own credentials. */
export async function tailBucket(url: string, onEvent: OnEvent, options: TailOptions & { fetch?: (request: Request) => Promise<Response> }): Promise<void> {
  const location = parseS3Url(url);
  const client = new AwsClient({ ...s3Credentials(options.env), service: 's3', region: location.region });
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const { bucket } = location;
  const base = bucketUrl(location);
  const seen = new Set<string>();
  let first = true;
  while (!options.signal.aborted) {
    let token: string | undefined;
    const fresh: string[] = [];
    do {
      const query = new URLSearchParams({ 'list-type': '2', prefix: `${location.prefix}events/`, ...(token ? { 'continuation-token': token } : {}) });
      const response = await send(await client.sign(`${base}?${query}`, { method: 'GET' }));
      const xml = await response.text();
      if (!response.ok) throw new Error(`list s3://${bucket}/${location.prefix}events/: HTTP ${response.status}`);
      for (const [, key] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) {
        const decoded = unescapeXml(key as string);
        if (!seen.has(decoded)) fresh.push(decoded);
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? unescapeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? '') : undefined;
    } while (token);
    if (first) options.onReady?.(`s3://${bucket}/${location.prefix}events/ at ${location.endpoint.host}`);
    for (const key of fresh.sort()) {
      if (first && !options.fromStart) {
        seen.add(key);
        continue;
      }
      const response = await send(await client.sign(objectUrl(location, key), { method: 'GET' }));
      const text = await response.text();
      // An object listed a moment ago and gone now was removed by someone else: nothing to print.
      if (!response.ok && response.status !== 404) throw new Error(`GET s3://${bucket}/${key}: HTTP ${response.status}`);
      seen.add(key);
      if (response.ok) onEvent(text.trim());
    }
    first = false;
    await pause(options.pollMs ?? 2000, options.signal);
  }
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] as string);
}
