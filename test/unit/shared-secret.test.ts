import { describe, expect, it } from 'vitest';
import { SharedSecret } from '../../lib/auth/shared-secret.js';
import { normalizeHeaders } from '../../lib/transports/http-parts.js';
import { basicAuth } from '../helpers/receiver.js';

const secret = new SharedSecret('s3cret:with:colons');
const check = (headers: Record<string, string>, query: Record<string, string> = {}) => secret.check(normalizeHeaders(headers), query);

describe('SharedSecret', () => {
  it('accepts the secret as Basic password (any user), Token header, Bearer token, or token query parameter', () => {
    expect(check({ Authorization: basicAuth('s3cret:with:colons', 'anyone') })).toBe('valid');
    expect(check({ Authorization: basicAuth('s3cret:with:colons', '') })).toBe('valid');
    expect(check({ Token: 's3cret:with:colons' })).toBe('valid');
    expect(check({ AUTHORIZATION: 'bearer s3cret:with:colons' })).toBe('valid');
    expect(check({}, { token: 's3cret:with:colons' })).toBe('valid');
  });

  it("accepts VMP's webhook Token however it comes: bare or Bearer in Authorization, or a Token header (ALERT-SOURCES §3: unconfirmed which)", () => {
    expect(check({ Authorization: 's3cret:with:colons' })).toBe('valid');
    expect(check({ Authorization: 'Bearer s3cret:with:colons' })).toBe('valid');
    expect(check({ Token: 's3cret:with:colons' })).toBe('valid');
    expect(check({ Authorization: 'Bearer s3cret:with:colon' })).toBe('invalid');
  });

  it('says missing when no credential is presented at all', () => {
    expect(check({ 'content-type': 'application/json' })).toBe('missing');
  });

  it.each([
    ['a wrong Basic password', { Authorization: basicAuth('wrong') }],
    ['the secret as the Basic user name', { Authorization: `Basic ${Buffer.from('s3cret:with:colons:').toString('base64')}` }],
    ['an empty Basic password', { Authorization: basicAuth('') }],
    ['a Basic header without a colon', { Authorization: `Basic ${Buffer.from('s3cret').toString('base64')}` }],
    ['a truncated token', { Token: 's3cret:with:colon' }],
    ['a token in other case', { Token: 'S3CRET:WITH:COLONS' }],
    ['an empty token', { Token: '' }],
    ['an unknown scheme', { Authorization: 'Digest s3cret:with:colons' }],
    ['the secret with a space inside', { Token: 's3cret:with: colons' }],
  ])('says invalid for %s', (_, headers) => {
    expect(check(headers)).toBe('invalid');
  });

  it('refuses to be built from an empty secret', () => {
    expect(() => new SharedSecret('')).toThrow();
  });
});

describe('sink URL handling', async () => {
  const { redactSinkUrls, splitSinkUrls } = await import('../../lib/sinks/sink-url.js');
  it('splits a sink list only where a new scheme:// starts, so Kafka broker lists stay whole', () => {
    expect(splitSinkUrls('file://./data, kafka://b1:9092,b2:9092/alerts?sasl=plain,s3://bucket/p?endpoint=x')).toEqual([
      'file://./data',
      'kafka://b1:9092,b2:9092/alerts?sasl=plain',
      's3://bucket/p?endpoint=x',
    ]);
  });

  it('redacts passwords and credential parameters in every URL of a list', () => {
    const redacted = redactSinkUrls('amqps://alerthook:hunter2@mq.example/x,s3://b/p?endpoint=e&secretKey=abc&region=r');
    expect(redacted).not.toMatch(/hunter2|abc/);
    expect(redacted).toContain('alerthook:***@mq.example');
    expect(redacted).toContain('region=r');
  });
});
