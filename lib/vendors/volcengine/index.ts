import { isPlainObject } from '../drift.js';
import type { VendorProvider } from '../provider.js';
import { normalizeVolcengineCallback, VOLCENGINE_SOURCE } from './normalize.js';
import { volcengineRecognizer } from './recognize.js';
import { VolcengineCallbackSchema, type VolcengineCallback } from './schema.js';

export const volcengine: VendorProvider<VolcengineCallback> = {
  ...volcengineRecognizer,
  source: VOLCENGINE_SOURCE,
  schema: VolcengineCallbackSchema,
  // Volcengine documents no URL check; an empty JSON object is the only body treated as one.
  isProbe: (body) => isPlainObject(body) && Object.keys(body).length === 0,
  normalize: normalizeVolcengineCallback,
  acknowledgement: () => ({}),
};
