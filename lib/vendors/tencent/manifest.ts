import { envValue, type Env } from '../../env.js';
import { ConfigError } from '../../errors.js';
import { isPlainObject } from '../../json/json-value.js';
import { parseUtcOffset } from '../../time/vendor-time.js';
import type { SourceManifest } from '../source.js';
import type { VendorManifest } from '../vendor.js';
import { clsManifest } from './cls/manifest.js';
import { tencentPrometheusManifest } from './prometheus/manifest.js';
import type { TencentSettings } from './settings.js';

/** Tencent's only way to authenticate a callback: Basic credentials in the callback URL. */
function withCredentialsPlaceholder(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//alerthook:<ALERTHOOK_TOKEN>@${parsed.host}${parsed.pathname}`;
}

/** Cloud Monitor (云监控) alarm callbacks: the vendor's first source, the one its schema and normalizer in this folder read. */
export const tencentMonitorManifest: SourceManifest = {
  name: 'monitor',
  title: 'Tencent Cloud Monitor',
  noun: 'callback',
  pathSegment: 'monitor',
  looksLike: (body) => isPlainObject(body) && ('alarmPolicyInfo' in body || ('alarmStatus' in body && 'sessionId' in body)),
  consoleSteps: (url) => [
    `Cloud Monitor → 告警策略 → your policy → 接口回调: paste ${withCredentialsPlaceholder(url)} with your secret in place of <ALERTHOOK_TOKEN>.`,
    'Tencent authenticates callbacks only by these Basic credentials in the URL.',
  ],
};

/** Every alarm source the tencent function receives, the default first; one line each. */
const TENCENT_SOURCES: readonly SourceManifest[] = [tencentMonitorManifest, tencentPrometheusManifest, clsManifest];

/**
 * Tencent Cloud's alarms, received by an SCF event function behind its Function URL: Cloud
 * Monitor (云监控) callbacks, and notifications of its managed Prometheus (TMP). Everything about
 * the vendor is in this folder; this file is what the rest of alerthook needs without loading its schema.
 */
export const tencentManifest: VendorManifest<TencentSettings> = {
  name: 'tencent',
  title: 'Tencent Cloud Monitor',
  httpPath: '/tencent',
  platform: 'scf',
  entries: { index: 'tencent.ts' },
  sample: { file: 'samples/metric.json', headers: {} },
  callbackUrl: withCredentialsPlaceholder,
  consoleSteps: () => [
    'Cloud Monitor → 告警策略 → your policy → 接口回调: paste the callback URL with your secret in place of <ALERTHOOK_TOKEN>.',
    'Tencent authenticates callbacks only by these Basic credentials in the URL.',
  ],
  looksLike: (body, headers) => TENCENT_SOURCES.some((source) => source.looksLike(body, headers)),
  readSettings: (env: Env) => {
    const text = envValue(env, 'ALERTHOOK_TENCENT_UTC_OFFSET');
    if (text === undefined) return { utcOffsetMinutes: 8 * 60 };
    try {
      return { utcOffsetMinutes: parseUtcOffset(text) };
    } catch (error) {
      throw new ConfigError(`ALERTHOOK_TENCENT_UTC_OFFSET: ${(error as Error).message}`);
    }
  },
  sources: TENCENT_SOURCES,
};
