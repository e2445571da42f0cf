import type { VendorRecognizer } from '../provider.js';
import { isPlainObject } from '../drift.js';

/** Tencent Cloud Monitor callbacks carry `alarmPolicyInfo`, or an `alarmStatus` beside a `sessionId`. */
export const tencentRecognizer: VendorRecognizer = {
  name: 'tencent',
  title: 'Tencent Cloud Monitor',
  looksLike: (body) => isPlainObject(body) && ('alarmPolicyInfo' in body || ('alarmStatus' in body && 'sessionId' in body)),
};
