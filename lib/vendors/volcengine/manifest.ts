import { isPlainObject } from '../../json/json-value.js';
import { looksLikeAlertmanagerNotification } from '../alertmanager-format/recognize.js';
import type { SourceManifest } from '../source.js';
import type { VendorManifest } from '../vendor.js';
import { volcenginePrometheusManifest } from './prometheus/manifest.js';
import { tlsManifest } from './tls/manifest.js';

/** CloudMonitor (云监控) alarm callbacks: the vendor's first source, the one its schema and normalizer in this folder read. */
export const volcengineMonitorManifest: SourceManifest = {
  name: 'monitor',
  title: 'Volcengine CloudMonitor',
  noun: 'callback',
  pathSegment: 'monitor',
  // VMP's webhook headers are undocumented: an Alertmanager-shaped body is VMP's whatever they are.
  // TLS's webhook headers are undocumented too: a body rendered from a TLS template is TLS's whatever they are.
  looksLike: (body, headers) =>
    !looksLikeAlertmanagerNotification(body) &&
    !tlsManifest.looksLike(body, headers) &&
    (Object.keys(headers).some((name) => name.startsWith('x-volc-')) ||
      (isPlainObject(body) && typeof body.Type === 'string' && ('RuleId' in body || 'EventType' in body || 'Resources' in body))),
  consoleSteps: (url) => [
    `CloudMonitor → 告警回调 (callback address) → a generic webhook with ${url}.`,
    'Turn on interface encryption (接口加密) and set its token to your ALERTHOOK_TOKEN: every call then carries it in a Token header.',
  ],
};

/** Every alarm source the volcengine function receives, the default first; one line each. */
const VOLCENGINE_SOURCES: readonly SourceManifest[] = [volcengineMonitorManifest, volcenginePrometheusManifest, tlsManifest];

/**
 * Volcengine's alarms, CloudMonitor (云监控) callbacks and notifications of its managed Prometheus
 * (VMP), received by a veFaaS function behind an API gateway route: `server.js` on a native runtime (the default), or `index.js`'s handler on
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
  looksLike: (body, headers) => VOLCENGINE_SOURCES.some((source) => source.looksLike(body, headers)),
  readSettings: () => ({}),
  sources: VOLCENGINE_SOURCES,
};
