import { ConfigError, loadConfig, type AlerthookConfig } from '../config.js';
import { registeredVendors } from '../vendors/registry.js';
import { CliError } from './cli-error.js';

/** The configuration from the environment, for a command: a bad value is a usage mistake (exit 2), named by the variable. */
export function loadCliConfig(defaultSinkUrl: string): AlerthookConfig {
  try {
    return loadConfig(process.env, { sinkUrl: defaultSinkUrl, vendors: registeredVendors() });
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message, 2) : error;
  }
}
