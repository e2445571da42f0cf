import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions, type BundleReport } from '../../deploy/bundle-functions.js';
import { HEARTBEAT_EVENT_TYPE } from '../../lib/event/heartbeat-event.js';
import { HEARTBEAT_ALERTNAME } from '../../lib/sinks/alertmanager/alerts.js';
import { scheduledPayload } from '../../lib/scheduled-payload.js';
import { sinkKinds } from '../../lib/sinks/registry.js';
import { start } from '../helpers/built-cli.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { closedPort } from '../helpers/closed-port.js';
import { S3_KEYS, listS3Keys, startS3Server, startVerifyingS3Proxy } from '../helpers/s3.js';
import { SINK_CASES, useLiveSink } from '../helpers/sink-cases.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// The deployable function folders, loaded as the platforms load them: `require('index.js')` in a
// fresh node, the handler called with the platform's event. Each sink scheme is configured in turn,
// so each sink chunk beside index.js is loaded and used for real.

const tempDir = useTempDir();
let outDir = '';
let reports: BundleReport[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'alerthook-bundles-'));
  reports = await bundleFunctions(outDir);
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Invocation {
  answer: { statusCode: number; body: string } & Record<string, unknown>;
  logs: Record<string, unknown>[];
}

/** Requires a bundle in a fresh node and answers one event; the child runs asynchronously so stand-ins here can answer it. */
async function invoke(fn: 'tencent' | 'volcengine', event: unknown, env: Record<string, string>): Promise<Invocation> {
  const exportName = fn === 'tencent' ? 'main_handler' : 'handler';
  // A warm instance keeps its broker connections open after answering; this process ends with the answer.
  const script = `require(${JSON.stringify(join(outDir, fn, 'index.js'))}).${exportName}(JSON.parse(process.env.EVENT), {}).then((a) => { process.stdout.write('\\n' + JSON.stringify(a)); process.exit(0); }, (e) => { process.stderr.write(String(e)); process.exit(3); })`;
  const result = await start(process.execPath, ['-e', script], { env: { ...env, EVENT: JSON.stringify(event) } }).exit(30_000);
  if (result.code !== 0) throw new Error(`bundle exited ${result.code}: ${result.stderr}`);
  // The function's own log lines come first, one JSON object each; the answer is the last line.
  const lines = result.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '');
  return { answer: JSON.parse(lines.at(-1) as string), logs: lines.slice(0, -1).map((line) => JSON.parse(line)) };
}

const gatewayEvent = (body: string) => ({
  httpMethod: 'POST',
  path: '/',
  pathParameters: {},
  queryStringParameters: {},
  headers: { Token: 't', 'X-Volc-Trace-Id': 'trace-b' },
  body,
});
/** veFaaS `node20/v1`'s timer invocation (../shared/cloud-apis/timers.md), its Payload as the data string. */
const vefaasTimerEvent = (payload: string) => ({
  specversion: '1.0',
  id: 'timer-tick-1',
  source: '/faas/event/timer/alerthook-redrive',
  type: 'faas.timer.event',
  time: '2026-12-02T01:00:00Z',
  data: payload,
});
const functionUrlEvent = (body: string) => ({ httpMethod: 'POST', path: '/', headers: { token: 't' }, queryString: {}, body });

describe('function bundles', () => {
  it('each function is index.js (plus server.js for a veFaaS native runtime) and one file per sink, marked CommonJS', () => {
    // One chunk per sink folder (lib/sinks/<name>/), none of them in index.js, and one for each store
    // that can be the fallback (ALERTHOOK_FALLBACK), which a function opens when its sink fails; each
    // entry is a loader beside its bundle and that bundle's code cache.
    const sinks = sinkKinds()
      .flatMap((kind) => [`${kind.name}-sink.js`, ...(kind.openDeadLetterStore === undefined ? [] : [`${kind.name}-dead-letters.js`])])
      .sort();
    const entry = (name: string) => [`${name}.js`, `${name}.bundle.js`, `${name}.bundle.cache`];
    const names = (fn: string) => reports.find((r) => r.function === fn)?.files.map((f) => f.name);
    expect(names('tencent')).toEqual([...sinks, ...entry('index'), 'package.json'].sort());
    expect(names('volcengine')).toEqual([...sinks, ...entry('index'), ...entry('server'), 'package.json'].sort());
    for (const report of reports) expect(JSON.parse(readFileSync(join(report.dir, 'package.json'), 'utf8')).type).toBe('commonjs');
  });

  it('the Volcengine server.js (native runtime command) serves callbacks over HTTP on $PORT, refusing them without the token', async () => {
    const dir = tempDir();
    const port = await closedPort();
    const server = start(process.execPath, [join(outDir, 'volcengine', 'server.js')], {
      env: { PORT: String(port), ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${dir}` },
    });
    try {
      await server.waitFor('stdout', /"msg":"listening"/);
      const refused = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: volcengineSeeds().Metric });
      expect(refused.status).toBe(401);
      const accepted = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { token: 't', 'x-volc-trace-id': 'trace-n' },
        body: volcengineSeeds().Metric,
      });
      expect(accepted.status).toBe(200);
      expect(listFiles(dir).filter((f) => f.startsWith('events/'))).toHaveLength(1);
      const log = JSON.parse((await server.waitFor('stdout', /^\{.*"status":200.*\}$/m))[0]);
      expect(log).toMatchObject({ vendor: 'volcengine', transport: 'vefaas-native-http', outcome: 'accepted', events: 1 });
    } finally {
      await server.stop();
    }
  });

  it('each function bundle holds its own vendor only', () => {
    const tencent = readFileSync(join(outDir, 'tencent', 'index.bundle.js'), 'utf8');
    const volcengine = readFileSync(join(outDir, 'volcengine', 'index.bundle.js'), 'utf8');
    expect(tencent).toContain('tencentcloud/monitor');
    expect(tencent).not.toContain('volcengine/cloudmonitor');
    expect(volcengine).toContain('volcengine/cloudmonitor');
    expect(volcengine).not.toContain('tencentcloud/monitor');
    // Each holds its own cloud's every source, and no other cloud's.
    expect(tencent).toContain('tencentcloud/prometheus');
    expect(tencent).not.toContain('volcengine/vmp');
    expect(volcengine).toContain('volcengine/vmp');
    expect(volcengine).not.toContain('tencentcloud/prometheus');
  });

  it("both bundles take a Prometheus notification on their one URL, each as its own cloud's product", async () => {
    const sample = (path: string) => readFileSync(join(import.meta.dirname, '../../lib/vendors', path), 'utf8');
    const tencentDir = tempDir();
    const volcengineDir = tempDir();
    const tencent = await invoke('tencent', functionUrlEvent(sample('tencent/prometheus/samples/notification.json')), {
      ALERTHOOK_TOKEN: 't',
      ALERTHOOK_SINK: `file://${tencentDir}`,
    });
    const volcengine = await invoke('volcengine', gatewayEvent(sample('volcengine/prometheus/samples/notification.json')), {
      ALERTHOOK_TOKEN: 't',
      ALERTHOOK_SINK: `file://${volcengineDir}`,
    });
    for (const [{ answer, logs }, dir, source] of [
      [tencent, tencentDir, 'tencentcloud/prometheus'],
      [volcengine, volcengineDir, 'volcengine/vmp'],
    ] as const) {
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', events: 1 });
      const [file] = listFiles(dir).filter((f) => f.startsWith('events/'));
      expect(JSON.parse(readFileSync(join(dir, file as string), 'utf8')).source).toBe(source);
      expect(logs.find((l) => l.msg === 'callback')).toMatchObject({ source: 'prometheus', outcome: 'accepted' });
    }
  });

  it('with a fallback store, a bundle whose sink fails keeps the callback as a deferred letter (through its file-dead-letters.js)', async () => {
    // The sink's directory would be under a regular file: it cannot be opened, and the body must go to ALERTHOOK_FALLBACK.
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), '');
    const { answer, logs } = await invoke('volcengine', gatewayEvent(volcengineSeeds().Metric), {
      ALERTHOOK_TOKEN: 't',
      ALERTHOOK_SINK: `file://${join(dir, 'a-file', 'sink')}`,
      ALERTHOOK_FALLBACK: `file://${join(dir, 'fallback')}`,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'deferred' });
    expect(logs.find((l) => l.msg === 'callback')).toMatchObject({ outcome: 'deferred' });
    expect(listFiles(join(dir, 'fallback')).filter((f) => f.startsWith('deferred/volcengine/'))).toHaveLength(2);
  });

  it('with an s3:// fallback, a Tencent bundle defers while its sink is broken, and its timer delivers once the sink is fixed', async () => {
    const s3 = await startS3Server(['fallback']);
    const proxy = await startVerifyingS3Proxy(s3, S3_KEYS.ALERTHOOK_S3_SECRET_ACCESS_KEY);
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'a-file'), '');
      const fallback = { ALERTHOOK_FALLBACK: `s3://fallback/fb?endpoint=${proxy.endpoint}&region=us-east-1&style=path`, ...S3_KEYS };
      const body = stripDocAnnotations(tencentSeeds().metric);
      const broken = await invoke('tencent', functionUrlEvent(body), {
        ALERTHOOK_TOKEN: 't',
        ALERTHOOK_SINK: `file://${join(dir, 'a-file', 'sink')}`,
        ...fallback,
      });
      expect(JSON.parse(broken.answer.body)).toMatchObject({ status: 'deferred' });
      expect(await listS3Keys(s3, 'fallback', 'fb/deferred/tencent/')).toHaveLength(2);
      // The sink fixed (a directory that can be made), the next timer tick redrives the letter.
      const sink = join(dir, 'sink');
      const tick = await invoke(
        'tencent',
        { Type: 'Timer', TriggerName: 'alerthook-redrive', Time: new Date().toISOString(), Message: scheduledPayload('t') },
        { ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${sink}`, ...fallback },
      );
      expect(tick.answer).toMatchObject({ status: 'ok', redriven: 1, events: 1, remaining: 0 });
      expect(listFiles(sink).filter((f) => f.startsWith('events/'))).toHaveLength(1);
      expect(await listS3Keys(s3, 'fallback', 'fb/deferred/')).toEqual([]);
      expect(proxy.requests.filter((r) => !r.signatureValid)).toEqual([]);
    } finally {
      await proxy.close();
      await s3.close();
    }
  });

  it('the Tencent bundle answers a Function URL callback and writes through its file-sink.js', async () => {
    const dir = tempDir();
    const { answer } = await invoke('tencent', functionUrlEvent(stripDocAnnotations(tencentSeeds().metric)), {
      ALERTHOOK_TOKEN: 't',
      ALERTHOOK_SINK: `file://${dir}`,
    });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', retCode: 0 });
    expect(listFiles(dir)).toHaveLength(1);
  });
});

for (const sinkCase of SINK_CASES) {
  describe.skipIf(sinkCase.start === undefined)(`function bundles with ${sinkCase.scheme}:// (live)`, () => {
    const liveSink = useLiveSink(sinkCase);

    it("both functions deliver their vendor's sample into the sink", async () => {
      const live = liveSink();
      const env = { ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: live.url, ...live.env };
      const volcengine = await invoke('volcengine', gatewayEvent(volcengineSeeds().MetricsNoData), env);
      const tencent = await invoke('tencent', functionUrlEvent(stripDocAnnotations(tencentSeeds().event)), env);
      const ids: string[] = [];
      for (const { answer } of [volcengine, tencent]) {
        expect(answer.statusCode, answer.body).toBe(200);
        ids.push(...(JSON.parse(answer.body) as { ids: string[] }).ids);
      }
      expect(await live.storedEventIds()).toEqual(expect.arrayContaining(ids));
      expect(live.complaints()).toEqual([]);
      expect(volcengine.logs.find((l) => l.msg === 'callback')).toMatchObject({
        vendor: 'volcengine',
        status: 200,
        events: 1,
        transport: 'vefaas-api-gateway',
      });
    });

    it("both functions' scheduled triggers send a heartbeat where the sink's watchers look, and no alert", async () => {
      const live = liveSink();
      const env = { ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: live.url, ALERTHOOK_HEARTBEAT: '1', ...live.env };
      const alertsBefore = await live.storedEventIds();
      const [tencent, volcengine] = await Promise.all([
        invoke(
          'tencent',
          { Type: 'Timer', TriggerName: 'alerthook-redrive', Time: '2026-12-02T01:00:00Z', Message: scheduledPayload('t') },
          env,
        ),
        invoke('volcengine', vefaasTimerEvent(scheduledPayload('t')), env),
      ]);
      const sent = [tencent, volcengine].map(({ answer, logs }) => {
        expect(answer, JSON.stringify(logs)).toMatchObject({ status: 'ok', heartbeat: expect.stringMatching(/^[0-9a-f]{32}$/) });
        return { id: answer.heartbeat as string, vendor: logs.find((l) => l.msg === 'heartbeat')?.vendor };
      });
      expect(sent.map((s) => s.vendor)).toEqual(['tencent', 'volcengine']);
      const found = await live.storedHeartbeats();
      // What tells a beat from an alert: its own type; in Alertmanager, where it is an alert, its name.
      const marked = sinkCase.kind === 'alertmanager' ? HEARTBEAT_ALERTNAME : HEARTBEAT_EVENT_TYPE;
      for (const { id, vendor } of sent) expect(found).toContainEqual({ id, vendor, type: marked });
      const alertsAfter = await live.storedEventIds();
      if (sinkCase.heartbeatsApart) expect(alertsAfter).toEqual(alertsBefore);
      else expect(alertsAfter.sort()).toEqual([...alertsBefore, ...sent.map((s) => s.id)].sort());
      expect(live.complaints()).toEqual([]);
    });
  });

  describe(`function bundles with ${sinkCase.scheme}:// (closed port)`, () => {
    it('answer 503, so the vendor retries, and log the cause', async () => {
      const dead = await sinkCase.dead();
      const { answer, logs } = await invoke('volcengine', gatewayEvent(volcengineSeeds().Metric), {
        ALERTHOOK_TOKEN: 't',
        ALERTHOOK_SINK: dead.url,
        ALERTHOOK_TIME_BUDGET_MS: '3000',
        ...dead.env,
      });
      expect(answer.statusCode).toBe(503);
      const line = logs.find((l) => l.msg === 'callback');
      expect(line).toMatchObject({ status: 503, outcome: 'sink-failed', events: 0 });
      expect(String(line?.detail)).toMatch(sinkCase.scheme === 'file' ? /cannot create the directory|ENOENT/ : /ECONNREFUSED/);
    });
  });
}
