/** The exit code of a mistake on the command line (an unknown option, a bad option value, a missing operand). */
export const USAGE_MISTAKE = 2;

/**
 * A failure the user can act on: one line on stderr, no stack, and this exit code: USAGE_MISTAKE
 * for what was typed on the command line, 1 (the default) for everything else, a bad ALERTHOOK_*
 * variable included. 2 is what getopt-style tools mean by "you typed it wrong, see the usage", and
 * the --help the message points to explains the command line, not the environment: a variable's
 * message names the variable instead.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
