import { errorMessage } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';
import { commandHelp, parseCommandArgs, usageLine, wantsHelp, type CliCommand } from './command.js';
import { normalizeCommand } from './normalize.js';
import { replayCommand } from './replay.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import { tailCommand } from './tail.js';
import { templateCommand } from './template.js';

/** Every command, in the order `alerthook --help` lists them. */
const COMMANDS: readonly CliCommand[] = [serveCommand, normalizeCommand, tailCommand, replayCommand, schemaCommand, templateCommand];

function overview(): string {
  return [
    'usage: alerthook COMMAND [OPTIONS]',
    '',
    ...COMMANDS.flatMap((command) => [`  ${usageLine(command)}`, `      ${command.summary}`]),
    '',
    "alerthook COMMAND --help shows a command's options and an example. Configuration is read from ALERTHOOK_* variables.",
  ].join('\n');
}

/**
 * Runs the CLI; resolves to the exit code. Every failure is one line on stderr, never a stack:
 * exit 2 for a mistake on the command line (that line names the command and points to its --help),
 * 1 for everything else, a bad ALERTHOOK_* setting included. The one exception is `alerthook` with
 * no command, a usage mistake too: it prints the command list, on stderr, so stdout stays empty.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  let command: CliCommand | undefined;
  try {
    if (name === undefined) {
      process.stderr.write(`${overview()}\n`);
      return USAGE_MISTAKE;
    }
    if (name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
      process.stdout.write(`${topic ? commandHelp(topic) : overview()}\n`);
      return 0;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    command = findCommand(name);
    if (wantsHelp(rest)) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const { values, operands } = parseCommandArgs(command, rest);
    return await command.run(values, operands);
  } catch (error) {
    process.stderr.write(`alerthook: ${oneLine(failureMessage(error, command))}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

function findCommand(name: string): CliCommand {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new CliError(`unknown command "${name}"`, USAGE_MISTAKE);
  return command;
}

/** A usage mistake is told with the command it was made in and where its usage is explained. */
function failureMessage(error: unknown, command: CliCommand | undefined): string {
  if (!(error instanceof CliError)) return `unexpected error: ${errorMessage(error)}`;
  if (error.exitCode !== USAGE_MISTAKE) return error.message;
  return command === undefined
    ? `${error.message}; see 'alerthook --help'`
    : `${command.name}: ${error.message}; see 'alerthook ${command.name} --help'`;
}

/** One line whatever the message holds: a server's error text may carry newlines of its own. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
