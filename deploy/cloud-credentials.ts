import { envValue, type Env } from '../lib/env.js';
import { DeployError } from './deploy-error.js';

/** The cloud's credentials from the environment, in order; a DeployError naming every one that is missing. */
export function cloudCredentials<const Names extends readonly string[]>(
  env: Env,
  names: Names,
  what: string,
): { [K in keyof Names]: string } {
  const values = names.map((name) => envValue(env, name));
  const missing = names.filter((_, i) => values[i] === undefined);
  if (missing.length > 0) throw new DeployError(`${what} needs ${missing.join(' and ')} in the environment`);
  return values as { [K in keyof Names]: string };
}
