import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { sinkKinds } from '../../lib/sinks/registry.js';
import { startCli } from '../helpers/built-cli.js';
import { waitUntil } from '../helpers/wait-until.js';
import { unquotedCharacters } from '../helpers/shell-words.js';
import { listFiles, listStoredFiles, useTempDir } from '../helpers/temp-dir.js';

// The CLI runs as users run it: the built bin, in a child process (`npm test` builds first).
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = resolve(repo, 'bin/alerthook.js');
const tempDir = useTempDir();

function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, cwd: repo });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('alerthook normalize', () => {
  it('prints the events of a Volcengine sample read from a file, detecting the vendor', () => {
    const dir = tempDir();
    writeFileSync(`${dir}/body.json`, volcengineSeeds().Metric);
    const { code, stdout } = cli(['normalize', `${dir}/body.json`]);
    expect(code).toBe(0);
    const events = JSON.parse(stdout);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ vendor: 'volcengine', kind: 'metric', status: 'firing' });
  });

  it('reads stdin with -, detects Tencent, and honours --header', () => {
    const tencent = cli(['normalize', '-'], stripDocAnnotations(tencentSeeds().event));
    expect(JSON.parse(tencent.stdout)[0].data.vendor).toBe('tencent');
    const withHeader = cli(['normalize', '--vendor', 'volcengine', '--header', 'X-Volc-Trace-Id: t-42', '-'], volcengineSeeds().Metric);
    expect(JSON.parse(withHeader.stdout)[0].data.delivery.traceId).toBe('t-42');
  });

  it("detects a Prometheus notification's cloud and source: a plain Alertmanager one is Tencent TMP's, VMP's is Volcengine's", () => {
    const sample = (path: string) => readFileSync(new URL(`../../lib/vendors/${path}`, import.meta.url), 'utf8');
    const tmp = JSON.parse(cli(['normalize', '-'], sample('tencent/prometheus/samples/notification.json')).stdout);
    const vmp = JSON.parse(cli(['normalize', '-'], sample('volcengine/prometheus/samples/notification.json')).stdout);
    const plainAsVolcengine = JSON.parse(
      cli(['normalize', '--vendor', 'volcengine', '-'], sample('tencent/prometheus/samples/notification.json')).stdout,
    );
    expect([tmp[0].source, vmp[0].source, plainAsVolcengine[0].source]).toEqual([
      'tencentcloud/prometheus',
      'volcengine/vmp',
      'volcengine/vmp',
    ]);
  });

  it('gives the same events as the server would store (same ids)', () => {
    const a = JSON.parse(cli(['normalize', '-'], volcengineSeeds().NoDataRecovered).stdout);
    const b = JSON.parse(cli(['normalize', '--vendor', 'volcengine', '-'], volcengineSeeds().NoDataRecovered).stdout);
    expect(a[0].id).toBe(b[0].id);
  });

  it.each([
    ['not JSON', ['normalize', '-'], 'nope', 1, /not valid JSON/],
    ['an unknown vendor body', ['normalize', '-'], '{"hello": "world"}', 1, /cannot tell the vendor/],
    ['an invalid alarm', ['normalize', '--vendor', 'tencent', '-'], '{"alarmStatus": 7}', 1, /not a valid tencent callback: alarmStatus/],
    ['an unknown vendor name', ['normalize', '--vendor', 'aws', '-'], '{}', 2, /unknown vendor "aws"/],
    ['a missing file', ['normalize', '/nonexistent/x.json'], undefined, 1, /cannot read \/nonexistent\/x\.json: no such file$/m],
    ['a directory', ['normalize', 'lib'], undefined, 1, /cannot read lib: is a directory$/m],
    ['a bad --header', ['normalize', '--header', 'nocolon', '-'], '{}', 2, /--header takes/],
    [
      'an unknown flag',
      ['normalize', '--bogus', '-'],
      '{}',
      2,
      /^alerthook: normalize: unknown option --bogus; see 'alerthook normalize --help'$/,
    ],
    ['an unknown command', ['frobnicate'], undefined, 2, /^alerthook: unknown command "frobnicate"; see 'alerthook --help'$/],
  ])('exits non-zero with one line and no stack for %s', (_, args, input, code, message) => {
    const result = cli(args, input);
    expect(result.code).toBe(code);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^alerthook: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});

describe('help for every command', () => {
  // The commands as the CLI itself lists them, so a new command is covered without editing this test.
  const overview = cli(['--help']);
  const commands = [...overview.stdout.matchAll(/^ {2}alerthook ([a-z]+)/gm)].map((m) => m[1] as string);

  it('alerthook --help lists every command and exits 0; no command at all is a usage mistake: the list on stderr, exit 2', () => {
    expect(overview.code).toBe(0);
    expect(commands).toEqual(expect.arrayContaining(['serve', 'normalize', 'tail', 'schema']));
    const none = cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(overview.stdout);
  });

  it.each(['--help', '-h'])("alerthook COMMAND %s prints that command's usage, options and an example, exit 0", (flag) => {
    for (const command of commands) {
      const result = cli([command, flag]);
      expect(result.code, `${command} ${flag}`).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage: alerthook ${command}( |\n)`));
      expect(result.stdout).toMatch(/\noptions:\n[\s\S]*--help/);
      expect(result.stdout).toMatch(new RegExp(`\nexamples?:\n {2}alerthook ${command}|\nexamples?:\n.*alerthook ${command}`));
      expect(result.stderr).toBe('');
      // The help, not the command: schema would otherwise print the JSON Schema, serve would start.
      expect(result.stdout).not.toContain('"$schema"');
    }
  });

  it('an unknown option is our own one line, naming the command and pointing to its --help, exit 2', () => {
    for (const command of commands) {
      const result = cli([command, '--no-such-option']);
      expect(result.code, command).toBe(2);
      expect(result.stderr).toBe(`alerthook: ${command}: unknown option --no-such-option; see 'alerthook ${command} --help'\n`);
      expect(result.stderr).not.toMatch(/Unknown option '|To specify a positional argument/); // node's own wording
      expect(result.stdout).toBe('');
    }
  });

  it('help COMMAND is the same as COMMAND --help; --version prints the package version', () => {
    expect(cli(['help', 'tail']).stdout).toBe(cli(['tail', '--help']).stdout);
    expect(cli(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')).version);
  });

  it('quotes every example URL that holds a character the shell would act on (? * [ & ; space)', () => {
    const examples = commands.flatMap(
      (command) =>
        cli([command, '--help'])
          .stdout.split(/\nexamples?:\n/)[1]
          ?.split('\n') ?? [],
    );
    expect(examples.some((line) => line.includes('?'))).toBe(true); // the check below has something to check
    const bare = examples.flatMap((line) =>
      unquotedCharacters(line.trim())
        .filter(({ char, word }) => /[?*[&;]/.test(char) && word.includes('://'))
        .map(({ word }) => word),
    );
    expect(bare).toEqual([]);
  });

  it('tail --help lists the sinks that have a reader, and only those, from the sink registry', () => {
    const help = cli(['tail', '--help']).stdout;
    const listed =
      help
        .split('Sinks it reads:\n')[1]
        ?.split('\n\n')[0]
        ?.split('\n')
        .map((line) => line.trim()) ?? [];
    // As sets: the built registry lists kinds in the order of a module namespace, vitest's in source order.
    expect(listed.sort()).toEqual(
      sinkKinds()
        .filter((kind) => kind.tail !== undefined)
        .map((kind) => kind.usage)
        .sort(),
    );
    for (const kind of sinkKinds().filter((k) => k.tail === undefined)) expect(help, kind.name).not.toContain(kind.usage);
    expect(help).not.toMatch(/(^|\s)(alertmanager|https?):\/\//m);
  });
});

describe('alerthook schema', () => {
  it('prints the committed JSON Schema', () => {
    expect(JSON.parse(cli(['schema']).stdout)).toEqual(JSON.parse(readFileSync(resolve(repo, 'schema/alert-event.v1.json'), 'utf8')));
  });
});

describe('alerthook serve (what npm start runs)', () => {
  it('prints a curl that, pasted into a shell, leaves a normalized event on disk', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd: repo,
      env: { ...process.env, ALERTHOOK_SINK: `file://${dir}`, ALERTHOOK_TOKEN: '' },
    });
    try {
      let banner = '';
      const curl = await new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no curl line within 10 s:\n${banner}`)), 10_000);
        child.stderr.on('data', (chunk: Buffer) => {
          banner += chunk.toString();
          const line = banner.split('\n').find((l) => l.trim().startsWith('curl ') && l.trim().endsWith('/volcengine'));
          if (line) {
            clearTimeout(timer);
            resolvePromise(line.trim());
          }
        });
      });
      expect(banner).toMatch(/WARNING: ALERTHOOK_TOKEN is not set/);
      expect(banner).toContain(`events go to file://${dir}`);
      const run = spawnSync('sh', ['-c', curl], { cwd: repo, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'accepted', events: 1 });
      const files = listFiles(dir);
      expect(files).toHaveLength(1);
      expect(JSON.parse(readFileSync(`${dir}/${files[0]}`, 'utf8')).data.delivery.traceId).toBe('demo-1');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve with ALERTHOOK_HEARTBEAT beats for both vendors into its sink, and its banner says so', async () => {
    const dir = tempDir();
    const server = startCli(['serve', '--port', '0'], {
      env: { ALERTHOOK_SINK: `file://${dir}`, ALERTHOOK_HEARTBEAT: '1', ALERTHOOK_REDRIVE_INTERVAL_MS: '100' },
    });
    try {
      await server.waitFor('stderr', /heartbeat: one per vendor to the sink every 0\.1 s/);
      await waitUntil(() => listStoredFiles(dir).filter((f) => f.startsWith('heartbeat/')).length === 2 || undefined, {
        what: 'both heartbeats',
        timeoutMs: 10_000,
      });
      expect(JSON.parse(readFileSync(`${dir}/heartbeat/tencent.json`, 'utf8'))).toMatchObject({
        type: 'alerthook.heartbeat.v1',
        data: { runtime: 'serve', vendor: 'tencent' },
      });
    } finally {
      server.child.kill('SIGTERM');
      await server.exit(10_000);
    }
  });

  it('on Ctrl-C says it is stopping and what it waits for, then exits 0 promptly', async () => {
    const dir = tempDir();
    const server = startCli(['serve', '--port', '0'], { env: { ALERTHOOK_SINK: `file://${dir}` } });
    const [, url] = await server.waitFor('stderr', /listening on (\S+)/);
    // A keep-alive connection stays open after its answer: it must not be what the stop waits for.
    const answer = await fetch(`${url}/volcengine`, {
      method: 'POST',
      body: volcengineSeeds().Metric,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(200);
    const sentAt = performance.now();
    server.child.kill('SIGINT');
    const finished = await server.exit(10_000);
    const tookMs = performance.now() - sentAt;
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain(
      `alerthook: stopping: waiting for 0 requests in flight, then closing file://${dir} (Ctrl-C again to stop at once)\n`,
    );
    expect(finished.stderr).toMatch(/alerthook: stopped\n$/);
    expect(tookMs).toBeLessThan(1000);
  });

  it('on Ctrl-C answers the request in flight (its events delivered) before it stops', async () => {
    // A receiver for the HTTP sink that holds its answer until told: the request is in flight for as long as the test wants.
    let release = () => {};
    const held = new Promise<void>((resolveHeld) => (release = resolveHeld));
    let called = false;
    const receiver = createServer((request, response) => {
      called = true;
      request.resume();
      void held.then(() => response.writeHead(202).end());
    });
    await new Promise<void>((resolveListen) => receiver.listen(0, '127.0.0.1', resolveListen));
    const sink = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const server = startCli(['serve', '--port', '0'], { env: { ALERTHOOK_SINK: sink, ALERTHOOK_DEAD_LETTER: `file://${tempDir()}` } });
    try {
      const [, url] = await server.waitFor('stderr', /listening on (\S+)/);
      const answer = fetch(`${url}/volcengine`, {
        method: 'POST',
        body: volcengineSeeds().Metric,
        headers: { 'content-type': 'application/json' },
      });
      answer.catch(() => undefined); // awaited below; a cut connection must fail the test there, not as an unhandled rejection
      await waitUntil(() => (called ? true : undefined), { what: 'call to the sink' });
      server.child.kill('SIGINT');
      await server.waitFor('stderr', /alerthook: stopping: waiting for 1 request in flight, then closing http:/);
      release();
      expect((await answer).status).toBe(200);
      expect((await server.exit(10_000)).code).toBe(0);
    } finally {
      release();
      await server.stop();
      receiver.close();
    }
  });

  it('refuses a bad --port as a usage mistake (2), a bad PORT as a bad setting (1), each with one line', () => {
    const flag = cli(['serve', '--port', 'eighty']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(`alerthook: serve: --port takes 0-65535, got "eighty"; see 'alerthook serve --help'\n`);
    const variable = cli(['serve'], undefined, { PORT: 'eighty' });
    expect(variable.code).toBe(1);
    expect(variable.stderr).toBe('alerthook: PORT must be 0-65535, got "eighty"\n');
  });
});
