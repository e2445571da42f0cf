import type { VendorRecognizer } from './provider.js';
import { tencentRecognizer } from './tencent/recognize.js';
import { volcengineRecognizer } from './volcengine/recognize.js';

/**
 * How to tell every vendor's callbacks apart, without their schemas or normalizers: a function
 * bundle holds its own vendor only, yet can still say "this is the other vendor's callback".
 */
export const VENDOR_RECOGNIZERS: readonly VendorRecognizer[] = [tencentRecognizer, volcengineRecognizer];
