import { isPlainObject } from '../../json/json-value.js';
import type { VendorProvider } from '../vendor.js';
import { volcengineManifest } from './manifest.js';
import { normalizeVolcengineCallback, VOLCENGINE_SOURCE } from './normalize.js';
import { VolcengineCallbackSchema, type VolcengineCallback } from './schema.js';

export const volcengine: VendorProvider<VolcengineCallback, Record<string, never>> = {
  ...volcengineManifest,
  source: VOLCENGINE_SOURCE,
  schema: VolcengineCallbackSchema,
  // Volcengine documents no URL check; an empty JSON object is the only body treated as one.
  isProbe: (body) => isPlainObject(body) && Object.keys(body).length === 0,
  normalize: normalizeVolcengineCallback,
  acknowledgement: () => ({}),
};
