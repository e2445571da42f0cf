import { isPlainObject } from '../../json/json-value.js';
import type { SourceProvider } from '../source.js';
import { customTemplateReason } from './custom-template.js';
import { withSources } from '../vendor-sources.js';
import { tencentManifest, tencentMonitorManifest } from './manifest.js';
import type { TencentSettings } from './settings.js';
import { normalizeTencentAlarm, TENCENT_SOURCE } from './normalize.js';
import { cls } from './cls/provider.js';
import { tencentPrometheus } from './prometheus/provider.js';
import { compiledFirst } from '../compiled-schema.js';
import { validateTencentAlarm } from './schema.compiled.js';
import { tencentAlarmSchema, type TencentAlarm } from './schema.js';

/**
 * Keys Tencent's URL check may send; the old docs asked for `{sessionId, retCode: 0}` back, which
 * suggests the check posts a `sessionId`. The exact shape is unconfirmed, so any object made only
 * of these keys is treated as a check, answered 200 and stored nowhere.
 */
const PROBE_KEYS = new Set(['sessionId', 'retCode', 'retMsg', 'msg', 'type', 'timestamp']);

export const tencentMonitor: SourceProvider<TencentAlarm, TencentSettings> = {
  ...tencentMonitorManifest,
  source: TENCENT_SOURCE,
  schema: compiledFirst(validateTencentAlarm, tencentAlarmSchema),
  isProbe: (body) => isPlainObject(body) && Object.keys(body).every((key) => PROBE_KEYS.has(key)),
  normalize: normalizeTencentAlarm,
  diagnose: customTemplateReason,
  acknowledgement: (body) => {
    const sessionId = isPlainObject(body) ? body.sessionId : undefined;
    return typeof sessionId === 'string' || typeof sessionId === 'number' ? { sessionId, retCode: 0 } : { retCode: 0 };
  },
};

/** The tencent function: every Tencent alarm source, in the manifest's order, one line each. */
export const tencent = withSources<TencentSettings>(tencentManifest, [tencentMonitor, tencentPrometheus, cls]);
