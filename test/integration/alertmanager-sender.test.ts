import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAlertEvent, type AlertEvent } from '../../lib/event/alert-event.js';
import type { LogFields } from '../../lib/log.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { alertmanagerBinary, startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { startFunctionFront } from '../helpers/function-front.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { TEST_TOKEN, VENDORS, testConfig } from '../helpers/receiver.js';
import { listStoredFiles, useTempDir } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait-until.js';

// Debian's prometheus-alertmanager as the sender: its webhook receivers point at alerthook's local
// server and, through loopback fronts, at both function handlers. Alerts posted to its API v2 fire
// and resolve; each receiver also sends its notifications to a recorder, so every event can be
// checked against the notification Alertmanager really sent.

const binary = alertmanagerBinary();
const tempDir = useTempDir();

type Sent = {
  receiver: string;
  status: string;
  truncatedAlerts: number;
  alerts: { status: string; labels: Record<string, string>; endsAt: string }[];
} & Record<string, unknown>;

describe.skipIf(binary === undefined)('a real Alertmanager sending to alerthook', () => {
  const sink = new MemorySink();
  const logs: LogFields[] = [];
  const functionLogs: LogFields[] = [];
  let server: LocalServer;
  let am: RunningAlertmanager;
  const fronts: { close(): Promise<void> }[] = [];
  const dirs = { scf: '', vefaas: '' };

  beforeAll(async () => {
    server = await startLocalServer({ config: testConfig(), sink, host: '127.0.0.1', port: 0, log: (line) => logs.push(line) });
    dirs.scf = tempDir();
    dirs.vefaas = tempDir();
    const env = (dir: string) => ({
      env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` },
      log: (line: LogFields) => functionLogs.push(line),
    });
    const scf = await startFunctionFront('scf-function-url', createFunctionHandler(VENDORS.tencent, env(dirs.scf)));
    const vefaas = await startFunctionFront('vefaas-api-gateway', createFunctionHandler(VENDORS.volcengine, env(dirs.vefaas)));
    fronts.push(scf, vefaas);

    const basic = (password = TEST_TOKEN) => [
      '        http_config:',
      '          basic_auth:',
      '            username: alerthook',
      `            password: '${password}'`,
    ];
    const bearer = ['        http_config:', '          authorization:', `            credentials: '${TEST_TOKEN}'`];
    const receiver = (name: string, url: string, auth: string[], extra: string[] = [], sendResolved = true) => [
      `  - name: ${name}`,
      '    webhook_configs:',
      `      - url: ${url}`,
      `        send_resolved: ${sendResolved}`,
      ...extra,
      ...auth,
      '      - url: HOOK',
      `        send_resolved: ${sendResolved}`,
      ...extra,
    ];
    const cases = ['grouped', 'bearer', 'truncate', 'noresolve', 'wrong', 'scf', 'vefaas'];
    am = await startAlertmanager(binary as string, (hook) =>
      [
        'route:',
        '  receiver: grouped',
        "  group_by: ['alertname', 'case']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        '  routes:',
        ...cases.flatMap((name) => [`    - receiver: ${name}`, '      matchers:', `        - case="${name}"`]),
        'receivers:',
        ...receiver('grouped', `${server.url}/tencent`, basic()),
        ...receiver('bearer', `${server.url}/volcengine/prometheus`, bearer),
        ...receiver('truncate', `${server.url}/tencent/prometheus`, basic(), ['        max_alerts: 2']),
        ...receiver('noresolve', `${server.url}/tencent`, basic(), [], false),
        ...receiver('wrong', `${server.url}/tencent`, basic('not-the-secret')),
        ...receiver('scf', `${scf.url}/`, basic()),
        ...receiver('vefaas', `${vefaas.url}/volcengine`, bearer),
        '',
      ]
        .join('\n')
        .replaceAll('HOOK', hook),
    );
  }, 30_000);

  afterAll(async () => {
    await am?.close();
    await server?.close();
    for (const front of fronts) await front.close();
  });

  const start = new Date(Date.now() - 60_000).toISOString();
  async function post(alerts: { labels: Record<string, string>; endsAt?: string }[]) {
    const body = alerts.map((a) => ({
      labels: a.labels,
      annotations: { summary: `${a.labels.alertname} on ${a.labels.instance}` },
      startsAt: start,
      endsAt: a.endsAt ?? new Date(Date.now() + 3_600_000).toISOString(),
      generatorURL: 'http://prometheus.test:9090/graph',
    }));
    const answer = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(200);
  }
  const localEvents = (testCase: string) =>
    [...sink.events.values()].map((e) => parseAlertEvent(JSON.parse(e.json))).filter((e) => e.data.labels.label_case === testCase);
  const fileEvents = (dir: string) =>
    listStoredFiles(dir)
      .filter((f) => f.startsWith('events/'))
      .map((f) => parseAlertEvent(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  const sent = (name: string) => (am.notifications as unknown as Sent[]).filter((n) => n.receiver === name);
  const waitFor = <T>(what: string, probe: () => T | undefined) =>
    waitUntil(probe, { what, timeoutMs: 20_000, describe: () => JSON.stringify(am.notifications).slice(0, 2000) });
  const only = <T>(items: T[], predicate: (item: T) => boolean) =>
    items.filter(predicate).length > 0 ? items.filter(predicate) : undefined;

  it('groups two alerts in one notification, one event each; a resolve mid-group is resolved per alert, paired by fingerprint', async () => {
    const a = { alertname: 'DiskFull', case: 'grouped', instance: 'a:9100', severity: 'critical' };
    const b = { alertname: 'DiskFull', case: 'grouped', instance: 'b:9100', severity: 'warning' };
    await post([{ labels: a }, { labels: b }]);
    const firing = await waitFor('two firing events', () => (localEvents('grouped').length === 2 ? localEvents('grouped') : undefined));
    // Alertmanager notifies the recorder and alerthook separately, in no set order: wait for both.
    const notification = await waitFor('the recorder to get the grouped notification', () =>
      sent('grouped').find((n) => n.alerts.length === 2),
    );
    const byInstance = (events: AlertEvent[], instance: string) => events.find((e) => e.data.resource.id === instance) as AlertEvent;
    for (const [labels, severity] of [
      [a, 'critical'],
      [b, 'warning'],
    ] as const) {
      const event = byInstance(firing, labels.instance);
      expect(event).toMatchObject({
        source: 'tencentcloud/prometheus',
        data: {
          vendor: 'tencent',
          status: 'firing',
          severity,
          endsAt: null,
          rule: { name: 'DiskFull', url: 'http://prometheus.test:9090/graph' },
        },
      });
      expect(Date.parse(event.data.startsAt)).toBe(Date.parse(start));
      const { alerts, ...top } = notification;
      expect(event.data.raw).toEqual({ ...top, alerts: [alerts.find((alert) => alert.labels.instance === labels.instance)] });
    }
    expect(byInstance(firing, 'a:9100').data.fingerprint).not.toBe(byInstance(firing, 'b:9100').data.fingerprint);

    const endsAt = new Date().toISOString();
    await post([{ labels: a, endsAt }]);
    const resolved = await waitFor('a resolved event', () => only(localEvents('grouped'), (e) => e.data.status === 'resolved')?.[0]);
    expect(resolved.data.resource.id).toBe('a:9100');
    expect(Date.parse(resolved.data.endsAt as string)).toBe(Date.parse(endsAt));
    expect(resolved.data.fingerprint).toBe(byInstance(firing, 'a:9100').data.fingerprint);
    // b was still firing: the notification's own status said firing; the alert's said resolved.
    await waitFor('the recorder to get the mixed notification', () =>
      sent('grouped').find((n) => n.status === 'firing' && n.alerts.some((alert) => alert.status === 'resolved')),
    );
  });

  it('with send_resolved false, sends no recovery and alerthook records none', async () => {
    const labels = { alertname: 'Quiet', case: 'noresolve', instance: 'q:9100' };
    await post([{ labels }]);
    await waitFor('a firing event', () => only(localEvents('noresolve'), () => true));
    await post([{ labels, endsAt: new Date().toISOString() }]);
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // four group intervals
    expect(localEvents('noresolve').map((e) => e.data.status)).toEqual(['firing']);
  });

  it('sends Bearer credentials (http_config authorization) to /volcengine/prometheus: volcengine/vmp events', async () => {
    await post([{ labels: { alertname: 'PodRestarts', case: 'bearer', instance: 'pod-1', severity: 'info' } }]);
    const [event] = await waitFor('an event', () => only(localEvents('bearer'), () => true));
    expect(event).toMatchObject({ source: 'volcengine/vmp', data: { vendor: 'volcengine', severity: 'info', status: 'firing' } });
  });

  it('max_alerts 2 of 3: two events, each saying the notification was truncated, and a log line saying so', async () => {
    await post(['1', '2', '3'].map((n) => ({ labels: { alertname: 'Many', case: 'truncate', instance: `m${n}` } })));
    // Alertmanager may flush the three as one group or catch up; wait for a truncated notification.
    const notification = await waitFor('a truncated notification', () => sent('truncate').find((n) => n.truncatedAlerts > 0));
    expect(notification.alerts).toHaveLength(2);
    const events = await waitFor('truncated events', () =>
      only(localEvents('truncate'), (e) => e.data.labels.truncated_alerts === String(notification.truncatedAlerts)),
    );
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(logs.some((line) => line.source === 'prometheus' && String(line.detail).includes('truncated by max_alerts'))).toBe(true);
  });

  it('refuses wrong Basic credentials with 401: nothing stored', async () => {
    await post([{ labels: { alertname: 'Nope', case: 'wrong', instance: 'x' } }]);
    await waitFor('a 401', () => logs.find((line) => line.outcome === 'unauthorized' && line.vendor === 'tencent') ?? undefined);
    expect(localEvents('wrong')).toEqual([]);
  });

  it('reaches the tencent function through an SCF Function URL front, firing then resolved', async () => {
    const labels = { alertname: 'ScfCase', case: 'scf', instance: 's:1', severity: 'page' };
    await post([{ labels }]);
    const [fired] = await waitFor('a function event', () => only(fileEvents(dirs.scf), () => true));
    expect(fired).toMatchObject({ source: 'tencentcloud/prometheus', data: { status: 'firing', severity: 'critical', endsAt: null } });
    await post([{ labels, endsAt: new Date().toISOString() }]);
    const resolved = await waitFor('a resolved function event', () => only(fileEvents(dirs.scf), (e) => e.data.status === 'resolved')?.[0]);
    expect(resolved.data.fingerprint).toBe(fired?.data.fingerprint);
    expect(resolved.data.endsAt).not.toBeNull();
  });

  it('reaches the volcengine function through a veFaaS API gateway front with Bearer credentials', async () => {
    await post([{ labels: { alertname: 'VefaasCase', case: 'vefaas', instance: 'v:1' } }]);
    const [event] = await waitFor('a function event', () => only(fileEvents(dirs.vefaas), () => true));
    expect(event).toMatchObject({ source: 'volcengine/vmp', data: { vendor: 'volcengine', status: 'firing' } });
    expect(
      functionLogs.some((line) => line.msg === 'callback' && line.source === 'prometheus' && line.transport === 'vefaas-api-gateway'),
    ).toBe(true);
  });
});
