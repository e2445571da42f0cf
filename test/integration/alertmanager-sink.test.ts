import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../lib/server/local-server.js';
import { openSinks } from '../../lib/sinks/open-sinks.js';
import { alertmanagerBinary, startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { RECENT_RECOVERY, recentTencentAlarm } from '../helpers/callback-bodies.js';
import { postCallback, serveSink } from '../helpers/sink-server.js';
import { parseSample, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// The Alertmanager sink against a real Alertmanager (Debian's prometheus-alertmanager) whose one
// route notifies a webhook receiver this test runs: what Alertmanager holds (GET /api/v2/alerts)
// and what it tells people (the notifications) are its own, not our reading of its API.

const binary = alertmanagerBinary();

describe.skipIf(binary === undefined)('alertmanager:// sink against a real Alertmanager', () => {
  let alertmanager: RunningAlertmanager;
  let server: LocalServer;
  const deadLetters = useTempDir();

  beforeAll(async () => {
    alertmanager = await startAlertmanager(binary as string);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    await alertmanager?.close();
  });

  let deadLetterDir: string;

  async function serve(query = ''): Promise<LocalServer> {
    await server?.close();
    deadLetterDir = deadLetters();
    const env = { ALERTHOOK_SINK: `${alertmanager.sinkUrl}${query}`, ALERTHOOK_DEAD_LETTER: `file://${deadLetterDir}` };
    server = await serveSink(await openSinks(env.ALERTHOOK_SINK, env.ALERTHOOK_DEAD_LETTER, env), env);
    return server;
  }

  async function alertsOfPolicy(policyId: string) {
    return (await alertmanager.activeAlerts()).filter((alert) => alert.labels.rule_id === policyId);
  }

  it('a Tencent firing is an active alert and a notification; its recovery resolves it, with a resolved notification', async () => {
    const local = await serve();
    const firing = await postCallback(local, 'tencent', recentTencentAlarm('policy-am-1', 'firing'));
    expect(firing.status, JSON.stringify(firing.answer)).toBe(200);

    const [active, ...others] = await alertsOfPolicy('policy-am-1');
    expect(others).toEqual([]);
    expect(active?.status.state).toBe('active');
    expect(active?.labels).toMatchObject({
      alertname: expect.any(String),
      vendor: 'tencent',
      kind: 'metric',
      rule_id: 'policy-am-1',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    // What changes between firing and recovery stays out of the labels, or the two would be two alerts.
    for (const name of Object.keys(active?.labels ?? {})) expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
    expect(Object.keys(active?.labels ?? {})).not.toEqual(expect.arrayContaining(['status']));
    expect(Object.values(active?.labels ?? {})).not.toContain(firing.answer.ids[0]);
    expect(active?.annotations).toMatchObject({
      event_id: firing.answer.ids[0],
      summary: expect.any(String),
      description: expect.any(String),
    });
    // Held open for the default day, not Alertmanager's resolve_timeout.
    const heldFor = Date.parse(active?.endsAt as string) - Date.now();
    expect(heldFor).toBeGreaterThan(23 * 3_600_000);
    await alertmanager.waitForNotification((all) =>
      all.some((n) => n.status === 'firing' && n.alerts.some((a) => a.labels.rule_id === 'policy-am-1')),
    );

    const recovery = await postCallback(local, 'tencent', recentTencentAlarm('policy-am-1', 'resolved'));
    expect(recovery.status, JSON.stringify(recovery.answer)).toBe(200);
    expect(await alertsOfPolicy('policy-am-1')).toEqual([]);
    await alertmanager.waitForNotification((all) =>
      all.some((n) =>
        n.alerts.some(
          (a) => a.labels.rule_id === 'policy-am-1' && a.status === 'resolved' && Date.parse(a.endsAt) === RECENT_RECOVERY.getTime(),
        ),
      ),
    );
  });

  it('vendor retries of one callback are still one alert', async () => {
    const local = await serve();
    const body = recentTencentAlarm('policy-am-retry', 'firing');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await postCallback(local, 'tencent', body));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.answer.ids[0])).size).toBe(1);
    expect(await alertsOfPolicy('policy-am-retry')).toHaveLength(1);
  });

  it('a Volcengine callback naming two resources is two alerts, and recovering one leaves the other firing', async () => {
    const local = await serve();
    const firing = parseSample(volcengineSeeds().Metric);
    firing.RuleId = 'rule-am-two';
    const [first] = firing.Resources;
    firing.Resources = ['enas-a', 'enas-b'].map((id) => ({
      ...first,
      Id: id,
      Name: id,
      Dimensions: [{ Name: 'ResourceID', NameCN: '实例ID', Value: id }],
    }));
    expect((await postCallback(local, 'volcengine', JSON.stringify(firing))).status).toBe(200);
    const both = await (await alertmanager.activeAlerts()).filter((a) => a.labels.rule_id === 'rule-am-two');
    expect(both.map((a) => a.labels.resource_id).sort()).toEqual(['enas-a', 'enas-b']);
    expect(new Set(both.map((a) => a.labels.fingerprint)).size).toBe(2);

    const recovered = parseSample(volcengineSeeds().MetricRecovered);
    recovered.RuleId = 'rule-am-two';
    recovered.Namespace = firing.Namespace;
    recovered.SubNamespace = firing.SubNamespace;
    recovered.RecoveredResources = [
      { ...recovered.RecoveredResources[0], Id: 'enas-a', Name: 'enas-a', Dimensions: firing.Resources[0].Dimensions },
    ];
    expect((await postCallback(local, 'volcengine', JSON.stringify(recovered))).status).toBe(200);
    const left = (await alertmanager.activeAlerts()).filter((a) => a.labels.rule_id === 'rule-am-two');
    expect(left.map((a) => a.labels.resource_id)).toEqual(['enas-b']);
  });

  it('two nodes of one Volcengine resource (one callback each) are two alerts', async () => {
    const local = await serve();
    for (const node of ['redis-x-000-0-0', 'redis-x-001-0-0']) {
      const body = parseSample(volcengineSeeds().Metric);
      body.RuleId = 'rule-am-nodes';
      body.Resources[0] = {
        ...body.Resources[0],
        Id: 'redis-x',
        Name: 'redis-x',
        Dimensions: [
          { Name: 'ResourceID', NameCN: '实例ID', Value: 'redis-x' },
          { Name: 'Node', NameCN: '节点', Value: node },
        ],
      };
      expect((await postCallback(local, 'volcengine', JSON.stringify(body))).status).toBe(200);
    }
    const alerts = (await alertmanager.activeAlerts()).filter((a) => a.labels.rule_id === 'rule-am-nodes');
    expect(alerts.map((a) => a.labels.resource_id)).toEqual(['redis-x', 'redis-x']);
    expect(new Set(alerts.map((a) => a.labels.fingerprint)).size).toBe(2);
  });

  it('hold= sets how long a firing alert stays open without a recovery', async () => {
    const local = await serve('?hold=2s');
    expect((await postCallback(local, 'tencent', recentTencentAlarm('policy-am-hold', 'firing'))).status).toBe(200);
    const [held] = await alertsOfPolicy('policy-am-hold');
    expect(Date.parse(held?.endsAt as string) - Date.now()).toBeLessThan(2_500);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await alertsOfPolicy('policy-am-hold')).toEqual([]);
  });

  it('a body that is not an alarm goes to ALERTHOOK_DEAD_LETTER, not to Alertmanager', async () => {
    const local = await serve();
    const before = (await alertmanager.activeAlerts()).length;
    const answer = await postCallback(local, 'tencent', '{"alarmStatus": "maybe"}');
    expect(answer.status).toBe(200);
    expect(answer.answer.status).toBe('dead-lettered');
    expect(listFiles(deadLetterDir).filter((f) => f.startsWith('dead-letter/'))).not.toHaveLength(0);
    expect((await alertmanager.activeAlerts()).length).toBe(before);
  });
});

describe('alertmanager:// sink failures', () => {
  let refusing: Server;
  let url: string;
  beforeAll(async () => {
    // Alertmanager's answer to an alert it will not take (e.g. endsAt before startsAt).
    refusing = createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":400,"message":"start time must be before end time"}'),
      );
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    url = `alertmanager://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
  const deadLetters = useTempDir();

  it('an answer other than 2xx is a sink failure: 503 to the vendor, which retries', async () => {
    const env = { ALERTHOOK_SINK: url, ALERTHOOK_DEAD_LETTER: `file://${deadLetters()}` };
    const server = await serveSink(await openSinks(env.ALERTHOOK_SINK, env.ALERTHOOK_DEAD_LETTER, env), env);
    try {
      const answer = await postCallback(server, 'volcengine', volcengineSeeds().Metric);
      expect(answer.status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('as the only sink without ALERTHOOK_DEAD_LETTER, it is a configuration error naming the fix', async () => {
    await expect(openSinks(url, null, {})).rejects.toThrow(/cannot keep dead letters .*set ALERTHOOK_DEAD_LETTER/);
  });

  it('refuses credentials in the URL and a hold that is not a duration', async () => {
    await expect(openSinks(url.replace('//', '//user:pw@'), null, {})).rejects.toThrow(/credentials go in ALERTHOOK_ALERTMANAGER_/);
    await expect(openSinks(`${url}?hold=forever`, null, {})).rejects.toThrow(/hold=forever: expected a duration/);
  });
});
