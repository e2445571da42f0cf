import { templateReason } from '../../log-alarm-format/recognize.js';
import type { SourceProvider } from '../../source.js';
import { tlsManifest } from './manifest.js';
import { normalizeTlsAlarm, TLS_SOURCE } from './normalize.js';
import { TlsAlarmSchema, type TlsAlarm } from './schema.js';

export const tls: SourceProvider<TlsAlarm> = {
  ...tlsManifest,
  source: TLS_SOURCE,
  schema: TlsAlarmSchema,
  // TLS documents no URL check for a webhook.
  isProbe: () => false,
  normalize: normalizeTlsAlarm,
  diagnose: (body) => templateReason(body, 'tls', tlsManifest.title),
  acknowledgement: () => ({}),
};
