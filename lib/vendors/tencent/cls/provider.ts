import { templateReason } from '../../log-alarm-format/recognize.js';
import type { SourceProvider } from '../../source.js';
import { clsManifest } from './manifest.js';
import { CLS_SOURCE, normalizeClsAlarm } from './normalize.js';
import { compiledFirst } from '../../compiled-schema.js';
import { validateClsAlarm } from './schema.compiled.js';
import { clsAlarmSchema, type ClsAlarm } from './schema.js';

export const cls: SourceProvider<ClsAlarm> = {
  ...clsManifest,
  source: CLS_SOURCE,
  schema: compiledFirst(validateClsAlarm, clsAlarmSchema),
  // CLS documents no URL check for a callback.
  isProbe: () => false,
  normalize: normalizeClsAlarm,
  diagnose: (body) => templateReason(body, 'cls', clsManifest.title),
  acknowledgement: () => ({}),
};
