import { sha256Hex } from './event/sha256.js';

/**
 * What the scheduled trigger deploy creates carries as its argument (SCF `CustomArgument`, veFaaS
 * `Payload`), and what a scheduled invocation must carry to be taken as one: derived from the
 * callback secret, so an HTTP request (which a native runtime receives the same way as the timer)
 * cannot pose as the timer without the secret. It only starts a redrive, which is idempotent. A
 * keyed SHA-256 of a fixed text rather than an HMAC: node:crypto stays unloaded on a function's
 * first callback (cold-start-crypto.test.ts), and for one fixed message the two protect alike.
 */
export function scheduledPayload(token: string | null): string {
  const proof = token === null ? 'anonymous' : sha256Hex(`${token}\0alerthook scheduled redrive v1`);
  return `alerthook-schedule:${proof}`;
}

/** Whether `candidate` is the argument for `token`, compared without an early exit. */
export function isScheduledPayload(candidate: string, token: string | null): boolean {
  const expected = scheduledPayload(token);
  const given = candidate.trim();
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}
