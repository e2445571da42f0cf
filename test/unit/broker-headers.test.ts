import { describe, expect, it } from 'vitest';
import { deadLetterHeaders } from '../../lib/sinks/broker-headers.js';

describe('deadLetterHeaders', () => {
  it('carries the reasons as JSON in ASCII, which HTTP headers require, and that reads back to the same reasons', () => {
    const errors = ['Level: unknown level "紧急"', 'é\u2028'];
    const headers = deadLetterHeaders({
      id: 'a'.repeat(32),
      vendor: 'volcengine',
      receivedAt: '2026-01-01T00:00:00.000Z',
      requestId: 'r',
      transport: 'local-http',
      errors,
      headers: {},
      body: new Uint8Array(),
    });
    expect(headers['alerthook-errors']).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(headers['alerthook-errors'] as string)).toEqual(errors);
    // What fetch does with a header value outside Latin-1: it refuses the request.
    expect(() => new Headers({ 'alerthook-errors': JSON.stringify(errors) })).toThrow();
    expect(() => new Headers(headers)).not.toThrow();
  });
});
