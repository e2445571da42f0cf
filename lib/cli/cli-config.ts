import { ConfigError, loadConfig, type AlerthookConfig } from '../config.js';
import { checkConfiguredSinks, checkedSinkList } from '../sinks/registry.js';
import { registeredVendors } from '../vendors/registry.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';

/**
 * The configuration from the environment, for a command. A bad value is a configuration error,
 * exit 1 (not 2: that is for the command line, see CliError), in one line naming the variable.
 */
export function loadCliConfig(defaultSinkUrl: string): AlerthookConfig {
  try {
    checkConfiguredSinks(process.env);
    return loadConfig(process.env, { sinkUrl: defaultSinkUrl, vendors: registeredVendors() });
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message) : error;
  }
}

/** A sink URL typed on the command line (an operand, --to): a mistake in its shape or scheme is a usage mistake. */
export function checkCommandLineSinkUrl(url: string, what: string): void {
  try {
    checkedSinkList(url, what);
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message, USAGE_MISTAKE) : error;
  }
}
