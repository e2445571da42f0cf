import { ConfigError, DEFAULT_FUNCTION_SINK, loadConfig, type VendorSettingsReader } from '../lib/config.js';
import { checkFallbackUrl } from '../lib/sinks/fallback-store.js';
import { checkConfiguredSinks } from '../lib/sinks/registry.js';
import { registeredVendors } from '../lib/vendors/registry.js';
import { DeployError } from './deploy-error.js';

/** Settings of the deploy tooling itself, not of the function: never copied into its environment. */
const DEPLOY_ONLY = new Set(['ALERTHOOK_TENCENTCLOUD_ENDPOINT', 'ALERTHOOK_VOLCENGINE_ENDPOINT', 'ALERTHOOK_CODE_CACHE_NODE']);

/**
 * The ALERTHOOK_* variables of the deploying shell (test settings and deploy-only ones aside): the
 * function's configuration. Empty values are left out and named: SCF refuses an environment variable
 * with an empty value (and veFaaS's models mark both Key and Value required), and an empty one means
 * the same as an unset one to alerthook.
 */
export function functionEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  /** The vendors being deployed: each reads its own settings, as the function does. */
  vendors: readonly VendorSettingsReader[] = registeredVendors(),
): {
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
  // The settings the function reads at its first call, read here first as it reads them (and its
  // sink and fallback URLs checked): a mistyped one would make it answer every callback 503.
  let anonymousWithoutToken: boolean;
  try {
    const config = loadConfig(environment, { sinkUrl: DEFAULT_FUNCTION_SINK, vendors });
    checkFallbackUrl(config.fallbackUrl);
    checkConfiguredSinks(environment);
    anonymousWithoutToken = config.token === null && !config.allowAnonymous;
  } catch (error) {
    if (error instanceof ConfigError) throw new DeployError(`the function's configuration: ${error.message}`);
    throw error;
  }
  if (anonymousWithoutToken)
    throw new DeployError('set ALERTHOOK_TOKEN (the callback secret) before deploying: a function without it refuses every call');
  return { environment, leftOut: leftOut.sort() };
}
