import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './built-cli.js';

/**
 * The real template engines, for the log services' alarm templates: Go's text/template (CLS) and
 * pongo2 (TLS), run by the small programs in test/helpers/template-render/, built once per test
 * process from Debian's packages, offline: GOPATH mode against /usr/share/gocode, where Debian
 * installs Go libraries (golang-github-flosch-pongo2.v4-dev), no module download.
 */
export type Engine = 'cls' | 'tls';

const GO = process.env.ALERTHOOK_TEST_GO_BIN ?? '/usr/bin/go';
const GOCODE = '/usr/share/gocode';
const PONGO2 = join(GOCODE, 'src/github.com/flosch/pongo2');

export const onCi = process.env.CI !== undefined && process.env.CI !== '';

/** Why the engines cannot run here, or null when they can. */
export function enginesMissing(): string | null {
  if (!existsSync(GO)) return `${GO} not found (Debian package golang-go)`;
  if (!existsSync(PONGO2)) return `${PONGO2} not found (Debian package golang-github-flosch-pongo2.v4-dev)`;
  return null;
}

const built = new Map<Engine, string>();
let workDir: string | undefined;

function binary(engine: Engine): string {
  const done = built.get(engine);
  if (done !== undefined) return done;
  workDir ??= mkdtempSync(join(tmpdir(), 'alerthook-engines-'));
  const out = join(workDir, `${engine}-render`);
  execFileSync(GO, ['build', '-o', out, '.'], {
    cwd: join(REPO, 'test/helpers/template-render', engine),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: workDir,
      GOPATH: GOCODE,
      GO111MODULE: 'off',
      GOCACHE: join(workDir, 'cache'),
      GOPROXY: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  built.set(engine, out);
  return out;
}

/** One rendering: the template, its variables, and the plausible behaviour of the service's unconfirmed encoder. */
export interface RenderJob {
  readonly template: string;
  readonly variables: Record<string, unknown>;
  /** CLS `escape`: marshal, nohtml, minimal. TLS `toJson`: marshal, nohtml. */
  readonly mode: string;
}

export type Rendered = { body: string } | { error: string };

/** Renders every job in one engine process; the answers in order. */
export function render(engine: Engine, jobs: readonly RenderJob[]): Rendered[] {
  const input = JSON.stringify(
    jobs.map(({ template, variables, mode }) => ({ template, variables, [engine === 'cls' ? 'escape' : 'tojson']: mode })),
  );
  const output = execFileSync(binary(engine), [], { input, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(output.toString('utf8')) as Rendered[];
}

/** The body of one rendering, or a thrown error naming the engine's complaint. */
export function renderOne(engine: Engine, job: RenderJob): string {
  const [answer] = render(engine, [job]);
  if (answer === undefined || 'error' in answer) throw new Error(`${engine} template did not render: ${answer?.error}`);
  return answer.body;
}

export const ESCAPE_MODES: Record<Engine, readonly string[]> = { cls: ['marshal', 'nohtml', 'minimal'], tls: ['marshal', 'nohtml'] };
