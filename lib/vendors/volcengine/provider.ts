import { isPlainObject } from '../../json/json-value.js';
import type { SourceProvider } from '../source.js';
import { withSources } from '../vendor-sources.js';
import { volcengineManifest, volcengineMonitorManifest } from './manifest.js';
import { normalizeVolcengineCallback, VOLCENGINE_SOURCE } from './normalize.js';
import { volcenginePrometheus } from './prometheus/provider.js';
import { tls } from './tls/provider.js';
import { compiledFirst } from '../compiled-schema.js';
import { validateVolcengineCallback } from './schema.compiled.js';
import { volcengineCallbackSchema, type VolcengineCallback } from './schema.js';

export const volcengineMonitor: SourceProvider<VolcengineCallback, Record<string, never>> = {
  ...volcengineMonitorManifest,
  source: VOLCENGINE_SOURCE,
  schema: compiledFirst(validateVolcengineCallback, volcengineCallbackSchema),
  // Volcengine documents no URL check; an empty JSON object is the only body treated as one.
  isProbe: (body) => isPlainObject(body) && Object.keys(body).length === 0,
  normalize: normalizeVolcengineCallback,
  acknowledgement: () => ({}),
};

/** The volcengine function: every Volcengine alarm source, in the manifest's order, one line each. */
export const volcengine = withSources<Record<string, never>>(volcengineManifest, [volcengineMonitor, volcenginePrometheus, tls]);
