import { isPlainObject } from '../drift.js';
import type { VendorProvider } from '../provider.js';
import { normalizeVolcengineCallback, VOLCENGINE_SOURCE } from './normalize.js';
import { VolcengineCallbackSchema, type VolcengineCallback } from './schema.js';

export const volcengine: VendorProvider<VolcengineCallback> = {
  name: 'volcengine',
  source: VOLCENGINE_SOURCE,
  schema: VolcengineCallbackSchema,
  looksLike: (body, headers) =>
    Object.keys(headers).some((name) => name.startsWith('x-volc-')) ||
    (isPlainObject(body) && typeof body.Type === 'string' && ('RuleId' in body || 'EventType' in body || 'Resources' in body)),
  // Volcengine documents no URL check; an empty JSON object is the only body treated as one.
  isProbe: (body) => isPlainObject(body) && Object.keys(body).length === 0,
  normalize: normalizeVolcengineCallback,
  acknowledgement: () => ({}),
};
