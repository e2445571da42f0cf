import { normalizeAlertmanagerNotification, type AlertmanagerDialect } from '../../alertmanager-format/normalize.js';
import { isAlertmanagerProbe } from '../../alertmanager-format/probe.js';
import { alertmanagerNotificationSchema, type AlertmanagerNotification } from '../../alertmanager-format/schema.js';
import { validateAlertmanagerNotification } from '../../alertmanager-format/schema.compiled.js';
import { compiledFirst } from '../../compiled-schema.js';
import type { SourceProvider } from '../../source.js';
import { tencentPrometheusManifest } from './manifest.js';

export const TENCENT_PROMETHEUS_SOURCE = 'tencentcloud/prometheus';

/** TMP documents no labels or fields of its own in the webhook body (ALERT-SOURCES §2): the plain format. */
const TMP: AlertmanagerDialect = {
  vendor: 'tencent',
  source: TENCENT_PROMETHEUS_SOURCE,
  sourceName: tencentPrometheusManifest.name,
  volatileLabels: new Set(),
};

export const tencentPrometheus: SourceProvider<AlertmanagerNotification> = {
  ...tencentPrometheusManifest,
  source: TENCENT_PROMETHEUS_SOURCE,
  schema: compiledFirst(validateAlertmanagerNotification, alertmanagerNotificationSchema),
  isProbe: isAlertmanagerProbe,
  normalize: (notification, raw, context) => normalizeAlertmanagerNotification(TMP, notification, raw, context),
  acknowledgement: () => ({}),
};
