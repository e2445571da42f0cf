import { looksLikeAlertmanagerNotification } from '../../alertmanager-format/recognize.js';
import type { SourceManifest } from '../../source.js';

/**
 * Volcengine Managed Prometheus (VMP, 托管 Prometheus): its alert notification policies call a
 * contact's generic webhook with an Alertmanager-shaped body plus VMP's own labels and fields
 * (../shared/ALERT-SOURCES.md §3). A plain Alertmanager notification is taken too: a self-built
 * Alertmanager on VKE sends those.
 */
export const volcenginePrometheusManifest: SourceManifest = {
  name: 'prometheus',
  title: 'Volcengine Managed Prometheus (VMP)',
  noun: 'notification',
  pathSegment: 'prometheus',
  sample: { file: 'prometheus/samples/notification.json', headers: {} },
  looksLike: (body) => looksLikeAlertmanagerNotification(body),
  consoleSteps: (url) => [
    `VMP → 告警中心 → 联系人 → a contact with Webhook address ${url.replace(/\/+$/, '')}/prometheus and Token your ALERTHOOK_TOKEN; put it in a 联系人组 of your 告警通知策略.`,
    'List the Webhook channel under resolved_channels (恢复通知) too, or recoveries are not sent to it.',
  ],
};
