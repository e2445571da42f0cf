import { parseArgs } from 'node:util';
import { errorMessage } from '../errors.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';

/**
 * One CLI command: what it is called, what it takes, and how it is explained. The parser, the
 * per-command `--help` and the usage shown after a mistake are all made from this one description.
 */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's name in help text (`--port PORT`). */
  readonly value?: string;
  readonly description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** What follows the options in the usage line, e.g. `FILE|-`. */
  readonly operands: string;
  /** How many operands it takes. */
  readonly arity: { readonly min: number; readonly max: number };
  readonly options: Readonly<Record<string, CliOption>>;
  /** A few lines on what it does, beyond the summary; computed when it lists what the registries hold. */
  readonly description: string | (() => string);
  readonly examples: readonly string[];
  /** Resolves to the exit code. */
  run(values: OptionValues, operands: string[]): Promise<number>;
}

const HELP: CliOption = { type: 'boolean', short: 'h', description: 'print this help and exit' };

export function usageLine(command: CliCommand): string {
  const options = Object.entries(command.options).map(([name, option]) => {
    const flag = `--${name}${option.value ? ` ${option.value}` : ''}`;
    return option.multiple ? `[${flag}]...` : `[${flag}]`;
  });
  return ['alerthook', command.name, ...options, command.operands].filter((part) => part !== '').join(' ');
}

export function commandHelp(command: CliCommand): string {
  const rows = Object.entries({ ...command.options, help: HELP }).map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : '    ';
    return [`${short}--${name}${option.value ? ` ${option.value}` : ''}`, option.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `usage: ${usageLine(command)}`,
    '',
    command.summary,
    ...(describe(command) === '' ? [] : ['', describe(command)]),
    '',
    'options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    command.examples.length === 1 ? 'example:' : 'examples:',
    ...command.examples.map((example) => `  ${example}`),
  ].join('\n');
}

function describe(command: CliCommand): string {
  return typeof command.description === 'function' ? command.description() : command.description;
}

/** Whether the arguments ask for help (before any `--`, which ends the options). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * Parses a command's arguments. Mistakes become our own message, exit code 2 (main adds the
 * command and the pointer to its --help): node's parseArgs messages quote the input oddly and name
 * no command.
 */
export function parseCommandArgs(command: CliCommand, args: readonly string[]): { values: OptionValues; operands: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: { ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(describeParseError(error), USAGE_MISTAKE);
  }
  const operands = parsed.positionals;
  if (operands.length < command.arity.min || operands.length > command.arity.max) {
    const expected = command.arity.max === 0 ? 'takes no operands' : `takes ${command.operands}`;
    throw new CliError(
      `${expected}${operands.length > command.arity.max ? `, got "${operands.slice(command.arity.max).join(' ')}"` : ''}`,
      USAGE_MISTAKE,
    );
  }
  return { values: parsed.values as OptionValues, operands };
}

function describeParseError(error: unknown): string {
  const message = errorMessage(error);
  const code = (error as { code?: unknown }).code;
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) return `unknown option ${unknown}`;
  const missing = /^Option '(-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message)?.[2];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing !== undefined) return `option ${missing} needs a value`;
  const flagWithValue = /^Option '(-\w, )?(--[\w-]+)' does not take an argument/.exec(message)?.[2];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flagWithValue !== undefined) return `option ${flagWithValue} takes no value`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected operand';
  return message.split('.')[0] ?? message;
}
