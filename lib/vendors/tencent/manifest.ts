import { envValue, type Env } from '../../env.js';
import { ConfigError } from '../../errors.js';
import { isPlainObject } from '../../json/json-value.js';
import { parseUtcOffset } from '../../time/vendor-time.js';
import type { VendorManifest } from '../vendor.js';
import type { TencentSettings } from './settings.js';

/**
 * Tencent Cloud Monitor (云监控) alarm callbacks, received by an SCF event function behind its
 * Function URL. Everything about the vendor is in this folder; this file is what the rest of
 * alerthook needs without loading its schema.
 */
export const tencentManifest: VendorManifest<TencentSettings> = {
  name: 'tencent',
  title: 'Tencent Cloud Monitor',
  httpPath: '/tencent',
  platform: 'scf',
  entries: { index: 'tencent.ts' },
  sample: { file: 'samples/metric.json', headers: {} },
  callbackUrl: (url) => {
    // Tencent's only way to authenticate: Basic credentials in the callback URL.
    const parsed = new URL(url);
    return `${parsed.protocol}//alerthook:<ALERTHOOK_TOKEN>@${parsed.host}${parsed.pathname}`;
  },
  consoleSteps: () => [
    'Cloud Monitor → 告警策略 → your policy → 接口回调: paste the callback URL with your secret in place of <ALERTHOOK_TOKEN>.',
    'Tencent authenticates callbacks only by these Basic credentials in the URL.',
  ],
  looksLike: (body) => isPlainObject(body) && ('alarmPolicyInfo' in body || ('alarmStatus' in body && 'sessionId' in body)),
  readSettings: (env: Env) => {
    const text = envValue(env, 'ALERTHOOK_TENCENT_UTC_OFFSET');
    if (text === undefined) return { utcOffsetMinutes: 8 * 60 };
    try {
      return { utcOffsetMinutes: parseUtcOffset(text) };
    } catch (error) {
      throw new ConfigError(`ALERTHOOK_TENCENT_UTC_OFFSET: ${(error as Error).message}`);
    }
  },
};
