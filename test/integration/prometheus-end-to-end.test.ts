import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAlertEvent } from '../../lib/event/alert-event.js';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { alertmanagerBinary, startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { TEST_TOKEN, testConfig } from '../helpers/receiver.js';
import { closedPort } from '../helpers/closed-port.js';
import { waitUntil } from '../helpers/wait-until.js';

// End to end with the real thing on both sides: Debian's prometheus evaluates a rule that fires and
// then stops (`time() % 16 < 8`), sends it to Debian's Alertmanager, which notifies alerthook's local
// server. Skipped, saying so, where prometheus is not installed; .ci/run installs it and sets
// ALERTHOOK_TEST_PROMETHEUS_BIN, so there (and on any CI) an absent one fails instead.

const prometheus = process.env.ALERTHOOK_TEST_PROMETHEUS_BIN || 'prometheus';
const hasPrometheus = spawnSync(prometheus, ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasPrometheus && (process.env.ALERTHOOK_TEST_PROMETHEUS_BIN || process.env.CI)) {
  throw new Error(
    `prometheus (${prometheus}) does not run: .ci/run must install Debian's prometheus and set ALERTHOOK_TEST_PROMETHEUS_BIN`,
  );
}
if (!hasPrometheus)
  process.stderr.write('\n*** SKIPPED: the Prometheus end-to-end test needs prometheus (apt-get install prometheus) ***\n\n');
const amBinary = hasPrometheus ? alertmanagerBinary() : undefined;

describe.skipIf(!hasPrometheus || amBinary === undefined)('Prometheus → Alertmanager → alerthook', () => {
  const sink = new MemorySink();
  let server: LocalServer;
  let am: RunningAlertmanager;
  let child: ChildProcess;
  let log = '';
  const dir = mkdtempSync(join(tmpdir(), 'alerthook-prom-'));

  beforeAll(async () => {
    server = await startLocalServer({ config: testConfig(), sink, host: '127.0.0.1', port: 0, log: () => {} });
    am = await startAlertmanager(amBinary as string, () =>
      [
        'route:',
        '  receiver: alerthook',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        'receivers:',
        '  - name: alerthook',
        '    webhook_configs:',
        `      - url: ${server.url}/tencent`,
        '        http_config:',
        '          basic_auth:',
        '            username: alerthook',
        `            password: '${TEST_TOKEN}'`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'rules.yml'),
      [
        'groups:',
        '  - name: e2e',
        '    interval: 1s',
        '    rules:',
        '      - alert: HalfTheTime',
        '        expr: vector(time()) % 16 < 8',
        '        labels: { severity: warning, team: alerthook }',
        '        annotations: { summary: "on for 8 s of every 16" }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  evaluation_interval: 1s',
        'rule_files: [rules.yml]',
        'alerting:',
        '  alertmanagers:',
        `    - static_configs: [{ targets: ['${new URL(am.url).host}'] }]`,
        '',
      ].join('\n'),
    );
    const port = await closedPort();
    child = spawn(
      prometheus,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  }, 30_000);

  afterAll(async () => {
    child?.kill();
    if (child && child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    await am?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a real rule's firing and resolution become a firing and a resolved event with one fingerprint", async () => {
    const events = () => [...sink.events.values()].map((e) => parseAlertEvent(JSON.parse(e.json)));
    const pair = await waitUntil(
      () => {
        const all = events();
        const resolved = all.find((e) => e.data.status === 'resolved');
        const firing = all.find((e) => e.data.status === 'firing' && resolved !== undefined && e.data.startsAt === resolved.data.startsAt);
        return firing && resolved ? { firing, resolved } : undefined;
      },
      {
        what: 'a firing and its resolved event',
        timeoutMs: 45_000,
        intervalMs: 200,
        describe: () => `${JSON.stringify(am.notifications).slice(0, 1500)}\n${log.slice(-1500)}`,
      },
    );
    expect(pair.firing).toMatchObject({
      source: 'tencentcloud/prometheus',
      data: {
        severity: 'warning',
        endsAt: null,
        rule: { name: 'HalfTheTime' },
        summary: expect.stringContaining('on for 8 s of every 16'),
      },
    });
    expect(pair.firing.data.rule.url).toMatch(/^http:\/\/[^/]+\/graph\?g0\.expr=/); // Prometheus's generatorURL
    expect(pair.resolved.data.fingerprint).toBe(pair.firing.data.fingerprint);
    expect(Date.parse(pair.resolved.data.endsAt as string)).toBeGreaterThan(Date.parse(pair.resolved.data.startsAt));
  }, 60_000);
});
