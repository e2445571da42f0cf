import { DeployError } from './deploy-error.js';

/** Settings of the deploy tooling itself, not of the function: never copied into its environment. */
const DEPLOY_ONLY = new Set(['ALERTHOOK_TENCENTCLOUD_ENDPOINT', 'ALERTHOOK_VOLCENGINE_ENDPOINT', 'ALERTHOOK_CODE_CACHE_NODE']);

/**
 * The ALERTHOOK_* variables of the deploying shell (test settings and deploy-only ones aside): the
 * function's configuration. Empty values are left out and named: SCF refuses an environment variable
 * with an empty value (and veFaaS's models mark both Key and Value required), and an empty one means
 * the same as an unset one to alerthook.
 */
export function functionEnvironment(env: Readonly<Record<string, string | undefined>>): {
  environment: Record<string, string>;
  leftOut: string[];
} {
  const environment: Record<string, string> = {};
  const leftOut: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('ALERTHOOK_') || value === undefined || name.startsWith('ALERTHOOK_TEST_') || DEPLOY_ONLY.has(name)) continue;
    if (value === '') leftOut.push(name);
    else environment[name] = value;
  }
  if (environment.ALERTHOOK_TOKEN === undefined && environment.ALERTHOOK_ALLOW_ANONYMOUS === undefined) {
    throw new DeployError('set ALERTHOOK_TOKEN (the callback secret) before deploying: a function without it refuses every call');
  }
  return { environment, leftOut: leftOut.sort() };
}
