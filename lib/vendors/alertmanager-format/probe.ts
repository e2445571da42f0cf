import { isPlainObject } from '../../json/json-value.js';

/**
 * A notification with no alerts at all: Alertmanager never sends one, so it is a sender's test
 * message (VMP's TestWebhook body is undocumented) or an empty object; answered 200, stored nowhere.
 */
export function isAlertmanagerProbe(body: unknown): boolean {
  return isPlainObject(body) && (Object.keys(body).length === 0 || (Array.isArray(body.alerts) && body.alerts.length === 0));
}
