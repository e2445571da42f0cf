import { createHmac } from 'node:crypto';

/**
 * What the scheduled trigger deploy creates carries as its argument (SCF `CustomArgument`, veFaaS
 * `Payload`), and what a scheduled invocation must carry to be taken as one: derived from the
 * callback secret, so an HTTP request (which a native runtime receives the same way as the timer)
 * cannot pose as the timer without the secret. It only starts a redrive, which is idempotent.
 */
export function scheduledPayload(token: string | null): string {
  const proof = token === null ? 'anonymous' : createHmac('sha256', token).update('alerthook scheduled redrive v1').digest('hex');
  return `alerthook-schedule:${proof}`;
}
