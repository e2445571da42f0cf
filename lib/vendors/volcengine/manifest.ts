import { isPlainObject } from '../../json/json-value.js';
import type { VendorManifest } from '../vendor.js';

/**
 * Volcengine CloudMonitor (云监控) alarm callbacks, received by a veFaaS function behind an API
 * gateway route: `server.js` on a native runtime (the default), or `index.js`'s handler on
 * `node20/v1`. Everything about the vendor is in this folder; this file is what the rest of
 * alerthook needs without loading its schema.
 */
export const volcengineManifest: VendorManifest<Record<string, never>> = {
  name: 'volcengine',
  title: 'Volcengine CloudMonitor',
  httpPath: '/volcengine',
  platform: 'vefaas',
  entries: { index: 'volcengine.ts', server: 'volcengine-server.ts' },
  sample: { file: 'samples/metric.json', headers: { 'x-volc-trace-id': 'demo-1' } },
  callbackUrl: (url) => url,
  consoleSteps: () => [
    'CloudMonitor → 告警回调 (callback address) → a generic webhook with the callback URL.',
    'Turn on interface encryption (接口加密) and set its token to your ALERTHOOK_TOKEN: every call then carries it in a Token header.',
  ],
  looksLike: (body, headers) =>
    Object.keys(headers).some((name) => name.startsWith('x-volc-')) ||
    (isPlainObject(body) && typeof body.Type === 'string' && ('RuleId' in body || 'EventType' in body || 'Resources' in body)),
  readSettings: () => ({}),
};
