import { looksLikeAlertmanagerNotification, looksLikeVmpNotification } from '../../alertmanager-format/recognize.js';
import type { SourceManifest } from '../../source.js';

/**
 * Tencent Managed Service for Prometheus (TMP, 腾讯云 Prometheus 监控): its alert rules notify a
 * webhook, or a self-built Alertmanager that then does, in Alertmanager's webhook format (payload
 * version 4; ../shared/ALERT-SOURCES.md §1–2). A body with Volcengine VMP's additions is not one of
 * these: it is dead-lettered naming the volcengine function instead.
 */
export const tencentPrometheusManifest: SourceManifest = {
  name: 'prometheus',
  title: 'Tencent Managed Service for Prometheus (TMP)',
  noun: 'notification',
  pathSegment: 'prometheus',
  sample: { file: 'prometheus/samples/notification.json', headers: {} },
  looksLike: (body) => looksLikeAlertmanagerNotification(body) && !looksLikeVmpNotification(body),
  consoleSteps: (url) => [
    `TMP → your instance → 告警管理 → 告警策略 → 告警渠道: a webhook channel (or your own Alertmanager's webhook_configs url) of ${url.replace(/\/+$/, '')}/prometheus.`,
    "TMP calls webhook addresses inside the instance's VPC: a public function URL needs a relay there (or an Alertmanager in the VPC).",
    'An Alertmanager authenticates with http_config basic_auth (any user, password ALERTHOOK_TOKEN) or authorization (Bearer ALERTHOOK_TOKEN).',
  ],
};
