import { isPlainObject } from '../../json/json-value.js';

/**
 * Whether a body was rendered from alerthook's template of this family (`"AlerthookTemplate":
 * "cls/1"`), or from a user's own template keyed by the service's variable names: the notify type
 * and one of the names only this service's alarms carry.
 */
export function looksLikeLogAlarm(body: unknown, family: string, ownKeys: readonly string[]): boolean {
  if (!isPlainObject(body)) return false;
  const version = body.AlerthookTemplate;
  if (typeof version === 'string') return version.startsWith(`${family}/`);
  return 'NotifyType' in body && ownKeys.some((key) => key in body);
}

/** The first reason for a body this source could not read: how to get one it can. */
export function templateReason(body: unknown, family: string, title: string): string {
  const version = isPlainObject(body) ? body.AlerthookTemplate : undefined;
  const which =
    typeof version === 'string' && version.startsWith(`${family}/`)
      ? `it says it was rendered from alerthook's ${version} template, but not all of it reads as that template renders`
      : `it was not rendered from alerthook's ${family} template`;
  return `${which}: ${title} has no fixed body, so paste the body and headers that \`alerthook template ${family}\` prints into the alarm's notification content template (or keep CLS/TLS variable names as the keys of your own JSON)`;
}
