import { errorMessage } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { CliError } from './cli-error.js';
import { commandHelp, parseCommandArgs, usageLine, wantsHelp, type CliCommand } from './command.js';
import { normalizeCommand } from './normalize.js';
import { replayCommand } from './replay.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import { tailCommand } from './tail.js';

/** Every command, in the order `alerthook --help` lists them. */
const COMMANDS: readonly CliCommand[] = [serveCommand, normalizeCommand, tailCommand, replayCommand, schemaCommand];

function overview(): string {
  return [
    'usage: alerthook COMMAND [OPTIONS]',
    '',
    ...COMMANDS.flatMap((command) => [`  ${usageLine(command)}`, `      ${command.summary}`]),
    '',
    'alerthook COMMAND --help shows a command\'s options and an example. Configuration is read from ALERTHOOK_* variables.',
  ].join('\n');
}

/** Runs the CLI; resolves to the exit code. Every failure is one line on stderr, never a stack. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? COMMANDS.find((command) => command.name === rest[0]) : undefined;
      process.stdout.write(`${topic ? commandHelp(topic) : overview()}\n`);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command === undefined) throw new CliError(`unknown command "${name}"\n${overview()}`, 2);
    if (wantsHelp(rest)) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const { values, operands } = parseCommandArgs(command, rest);
    return await command.run(values, operands);
  } catch (error) {
    process.stderr.write(`alerthook: ${error instanceof CliError ? error.message : `unexpected error: ${errorMessage(error)}`}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
