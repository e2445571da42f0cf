import type { VendorRecognizer } from '../provider.js';
import { isPlainObject } from '../drift.js';

/** Volcengine CloudMonitor callbacks come with `x-volc-*` headers, and bodies with a `Type` and a rule or resources. */
export const volcengineRecognizer: VendorRecognizer = {
  name: 'volcengine',
  title: 'Volcengine CloudMonitor',
  looksLike: (body, headers) =>
    Object.keys(headers).some((name) => name.startsWith('x-volc-')) ||
    (isPlainObject(body) && typeof body.Type === 'string' && ('RuleId' in body || 'EventType' in body || 'Resources' in body)),
};
