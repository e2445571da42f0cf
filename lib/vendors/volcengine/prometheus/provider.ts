import { normalizeAlertmanagerNotification, type AlertmanagerDialect } from '../../alertmanager-format/normalize.js';
import { isAlertmanagerProbe } from '../../alertmanager-format/probe.js';
import { alertmanagerNotificationSchema, type AlertmanagerNotification } from '../../alertmanager-format/schema.js';
import { validateAlertmanagerNotification } from '../../alertmanager-format/schema.compiled.js';
import { compiledFirst } from '../../compiled-schema.js';
import type { SourceProvider } from '../../source.js';
import { volcenginePrometheusManifest } from './manifest.js';
import { VMP_VOLATILE_LABELS, vmpAdditions } from './vmp-additions.js';

export const VMP_SOURCE = 'volcengine/vmp';

const VMP: AlertmanagerDialect = {
  vendor: 'volcengine',
  source: VMP_SOURCE,
  sourceName: volcenginePrometheusManifest.name,
  volatileLabels: VMP_VOLATILE_LABELS,
  additions: vmpAdditions,
};

export const volcenginePrometheus: SourceProvider<AlertmanagerNotification> = {
  ...volcenginePrometheusManifest,
  source: VMP_SOURCE,
  schema: compiledFirst(validateAlertmanagerNotification, alertmanagerNotificationSchema),
  isProbe: isAlertmanagerProbe,
  normalize: (notification, raw, context) => normalizeAlertmanagerNotification(VMP, notification, raw, context),
  acknowledgement: () => ({}),
};
