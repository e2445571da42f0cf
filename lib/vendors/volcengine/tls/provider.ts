import { templateReason } from '../../log-alarm-format/recognize.js';
import type { SourceProvider } from '../../source.js';
import { tlsManifest } from './manifest.js';
import { normalizeTlsAlarm, TLS_SOURCE } from './normalize.js';
import { compiledFirst } from '../../compiled-schema.js';
import { validateTlsAlarm } from './schema.compiled.js';
import { tlsAlarmSchema, type TlsAlarm } from './schema.js';

export const tls: SourceProvider<TlsAlarm> = {
  ...tlsManifest,
  source: TLS_SOURCE,
  schema: compiledFirst(validateTlsAlarm, tlsAlarmSchema),
  // TLS documents no URL check for a webhook.
  isProbe: () => false,
  normalize: normalizeTlsAlarm,
  diagnose: (body) => templateReason(body, 'tls', tlsManifest.title),
  acknowledgement: () => ({}),
};
