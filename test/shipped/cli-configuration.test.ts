import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, runCli } from '../helpers/built-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// One rule for exit codes, through the built CLI: 2 for a mistake on the command line (and the line
// points to the command's --help), 1 for everything else, a bad ALERTHOOK_* variable included.
const tempDir = useTempDir();

describe('a bad setting in the environment: exit 1, one line naming the variable', () => {
  it.each([
    [
      'a value of the wrong form',
      { ALERTHOOK_MAX_BODY_BYTES: '1MB' },
      /^alerthook: ALERTHOOK_MAX_BODY_BYTES must be a positive whole number of bytes, got "1MB"$/,
    ],
    ['an unknown sink scheme', { ALERTHOOK_SINK: 'ftp://x/y' }, /^alerthook: ALERTHOOK_SINK: unsupported sink scheme "ftp"/],
    [
      'an unknown dead-letter scheme',
      { ALERTHOOK_DEAD_LETTER: 'ftp://x/y' },
      /^alerthook: ALERTHOOK_DEAD_LETTER: unsupported sink scheme "ftp"/,
    ],
    ['a blank token', { ALERTHOOK_TOKEN: '   ' }, /^alerthook: ALERTHOOK_TOKEN is blank \(only whitespace\)/],
  ])('%s', async (_, env, message) => {
    const result = await runCli(['serve', '--port', '0'], { env, cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(expectOneLineError(result)).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain('--help');
  });

  it.each([
    [
      'file:/./data',
      'data',
      /^alerthook: ALERTHOOK_SINK: "file:\/\.\/data" is not a sink URL: expected SCHEME:\/\/…, e\.g\. file:\/\/\.\/data \(relative\) or file:\/\/\/abs\/path$/,
    ],
    ['file://./data,', 'data,', /^alerthook: ALERTHOOK_SINK has an empty entry \(a trailing comma\) in "file:\/\/\.\/data,"/],
    ['file:data', 'data', /^alerthook: ALERTHOOK_SINK: "file:data" is not a sink URL/],
    ['file://./a,,file://./b', 'a,', /^alerthook: ALERTHOOK_SINK has an empty entry \(two commas in a row\)/],
  ])('ALERTHOOK_SINK=%s is refused before anything is created', async (sink, wrongDirectory, message) => {
    const cwd = tempDir();
    const rootDataBefore = existsSync('/data');
    const result = await runCli(['serve', '--port', '0'], { env: { ALERTHOOK_SINK: sink }, cwd });
    expect(result.code).toBe(1);
    expect(expectOneLineError(result)).toMatch(message);
    expect(readdirSync(cwd)).not.toContain(wrongDirectory);
    if (!rootDataBefore) expect(existsSync('/data')).toBe(false);
  });
});

describe('a sink URL typed on the command line: a usage mistake, exit 2', () => {
  it.each([
    [['tail', 'ftp://x/y'], /^alerthook: tail: SINK_URL: unsupported sink scheme "ftp".*; see 'alerthook tail --help'$/],
    [['tail', 'file:/./data'], /^alerthook: tail: SINK_URL: "file:\/\.\/data" is not a sink URL.*; see 'alerthook tail --help'$/],
    [
      ['replay', '--to', 'file://./x,', './data'],
      /^alerthook: replay: --to has an empty entry \(a trailing comma\).*; see 'alerthook replay --help'$/,
    ],
  ])('%j', async (args, message) => {
    const result = await runCli(args, { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(expectOneLineError(result)).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
