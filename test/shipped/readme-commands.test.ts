import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Running } from '../helpers/built-cli.js';
import { README, codeBlocks } from '../helpers/readme.js';
import { scratchCopy, type ScratchCopy } from '../helpers/scratch-copy.js';
import { listFiles } from '../helpers/temp-dir.js';

// Every command the README shows in its Quick start, Command line, tail and replay sections, run as written
// against the built package, in a fresh copy of the repository (scratch-copy.ts), in the order they
// appear: what a new user pastes. A copy, so that what a user left in ./data (or anywhere in the
// working tree) cannot decide the outcome, and the commands' own output does not land in it.
// Commands in ```sh blocks are run; ```text blocks are examples that need a server or an account.
// Two adjustments, both about the test's surroundings and not the command: `npm install` is what CI
// has just done (re-running it would rewrite node_modules under the running tests), and `npm test`
// is this very run. `npm start` gets PORT=0 so a busy 8787 cannot fail it.

const SECTIONS = ['## Quick start', '## Command line', '### Reading the events', '### Replaying dead letters'];

/** The lines of the ```sh blocks under a heading. */
function shellCommands(heading: string): string[] {
  return codeBlocks(heading, 'sh').flatMap((block) =>
    block
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

let copy: ScratchCopy;
let server: Running | undefined;

beforeAll(() => {
  copy = scratchCopy();
});
afterAll(async () => {
  await server?.stop();
  copy?.remove();
});

function shell(command: string, env: Record<string, string> = {}) {
  return start('sh', ['-c', command], { env, cwd: copy.dir });
}

describe("the README's commands, as written", () => {
  const commands = SECTIONS.flatMap((heading) => shellCommands(heading).map((command) => [heading, command] as const));

  it('each section shows commands to run', () => {
    for (const heading of SECTIONS) expect(shellCommands(heading).length, heading).toBeGreaterThan(0);
    expect(commands.map(([, command]) => command)).toContain('npm install && npm start');
  });

  for (const [heading, command] of commands) {
    if (command === 'npm test') continue; // this run
    it(`${heading.replace(/^#+ /, '')}: ${command}`, async () => {
      if (command === 'npm install && npm start') {
        server = shell('npm start', { PORT: '0' });
        const [curl] = await server.waitFor('stderr', /^ {2}curl .*\/volcengine$/m, 60_000);
        const posted = await shell(curl.trim()).exit();
        expect(posted.code, posted.stderr).toBe(0);
        const answer = JSON.parse(posted.stdout) as { ids: string[] };
        expect(answer).toMatchObject({ status: 'accepted', events: 1, ids: [expect.stringMatching(/^[0-9a-f]{32}$/)] });
        // Where the README says the event appears, and nothing else: ./data was empty before.
        expect(listFiles(join(copy.dir, 'data'))).toEqual([`events/volcengine/2024-04-11/${answer.ids[0]}.json`]);
        return;
      }
      const result = await shell(command).exit(60_000);
      expect(result.code, `${command}\n${result.stderr}`).toBe(0);
      expect(result.stdout.trim()).not.toBe('');
      // Whatever is JSON on stdout parses: a document, or one per line. A template is not JSON until a
      // log service renders it (template-command.test.ts renders it with the real engines).
      const out = result.stdout.trim();
      if (!/\balerthook template\b/.test(command) && (out.startsWith('[') || out.startsWith('{'))) {
        const documents = out.startsWith('[') || !out.includes('\n{') ? [out] : out.split('\n');
        for (const document of documents) expect(() => JSON.parse(document)).not.toThrow();
      }
    });
  }
});

describe("the README's full event example", () => {
  it('is what the command in its summary prints (all but the abbreviated raw)', async () => {
    const block =
      /<details><summary>A full event .*?<code>(npx alerthook normalize [^<]*)<\/code>.*?<\/summary>\s*```json\n([\s\S]*?)```/.exec(README);
    expect(block, 'README has the full event example').not.toBeNull();
    const [, command, shown] = block as RegExpExecArray;
    const result = await shell((command as string).replace(/&#39;/g, "'")).exit();
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { data: { raw?: unknown } }[];
    const documented = JSON.parse(shown as string) as { data: { raw?: unknown } }[];
    expect(Array.isArray(documented)).toBe(true);
    for (const events of [printed, documented]) for (const event of events) delete event.data.raw;
    expect(documented).toEqual(printed);
  });
});
