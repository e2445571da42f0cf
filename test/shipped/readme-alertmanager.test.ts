import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerBinary, startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { startCli, type Running } from '../helpers/built-cli.js';
import { recentTencentAlarm } from '../helpers/callback-bodies.js';
import { codeBlocks } from '../helpers/readme.js';
import { TEST_TOKEN, basicAuth } from '../helpers/receiver.js';
import { waitUntil } from '../helpers/wait-until.js';

// The README's worked example, "Tencent Cloud Monitor → alerthook → Alertmanager → WeCom", run as
// written: its Alertmanager configuration, checked by amtool and loaded by a real Alertmanager; the
// built CLI as the receiver; a Tencent firing and its recovery. WeCom is the one part that cannot
// run here, so `wechat_api_url` points Alertmanager's own WeCom notifier at a loopback server
// answering WeCom's two calls (gettoken, message/send); the messages it gets are Alertmanager's.
// Two adjustments, both about time: group_wait and group_interval are cut so the test need not wait.

const HEADING = '### Tencent Cloud Monitor → alerthook → Alertmanager → WeCom';
const binary = alertmanagerBinary();

interface WeComMessage {
  agentid: string;
  toparty: string;
  msgtype: string;
  text: { content: string };
}

describe.skipIf(binary === undefined)('README: Tencent Cloud Monitor → alerthook → Alertmanager → WeCom', () => {
  const [config] = codeBlocks(HEADING, 'yaml');
  const messages: WeComMessage[] = [];
  const tokenRequests: URLSearchParams[] = [];
  let wecom: Server;
  let deadman: Server;
  const pings: { alerts: { status: string; labels: Record<string, string> }[] }[] = [];
  let alertmanager: RunningAlertmanager;
  let alerthook: Running;
  let url: string;
  const deadLetters = mkdtempSync(join(tmpdir(), 'alerthook-wecom-'));

  beforeAll(async () => {
    wecom = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const requested = new URL(req.url ?? '/', 'http://wecom');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && requested.pathname === '/cgi-bin/gettoken') {
        tokenRequests.push(requested.searchParams);
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'wecom-token', expires_in: 7200 }));
      } else if (
        req.method === 'POST' &&
        requested.pathname === '/cgi-bin/message/send' &&
        requested.searchParams.get('access_token') === 'wecom-token'
      ) {
        messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WeComMessage);
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      } else {
        res.end(JSON.stringify({ errcode: 40014, errmsg: `invalid request ${req.method} ${req.url}` }));
      }
    });
    await new Promise<void>((resolve) => wecom.listen(0, '127.0.0.1', resolve));
    // The README's dead man's switch, here: Alertmanager's webhook posts.
    deadman = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      pings.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end();
    });
    await new Promise<void>((resolve) => deadman.listen(0, '127.0.0.1', resolve));
    const wecomApi = `http://127.0.0.1:${(wecom.address() as AddressInfo).port}/cgi-bin/`;

    alertmanager = await startAlertmanager(binary as string, () =>
      (config as string)
        .replace(/^global:\n/m, `global:\n  wechat_api_url: '${wecomApi}'\n`)
        .replace(/group_wait: \S+/, 'group_wait: 0s')
        .replace(/group_interval: \S+/, 'group_interval: 1s')
        .replace('https://deadman.example/ping/alerthook', `http://127.0.0.1:${(deadman.address() as AddressInfo).port}/ping`),
    );
    alerthook = startCli(['serve', '--port', '0'], {
      env: {
        ALERTHOOK_TOKEN: TEST_TOKEN,
        ALERTHOOK_SINK: alertmanager.sinkUrl,
        ALERTHOOK_DEAD_LETTER: `file://${deadLetters}`,
        ALERTHOOK_HEARTBEAT: '1',
        ALERTHOOK_REDRIVE_INTERVAL_MS: '300',
      },
    });
    [, url] = (await alerthook.waitFor('stderr', /listening on (http:\/\/\S+)/)) as [string, string];
  }, 30_000);
  afterAll(async () => {
    await alerthook?.stop();
    await alertmanager?.close();
    await new Promise<void>((resolve) => (wecom ? wecom.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (deadman ? deadman.close(() => resolve()) : resolve()));
    rmSync(deadLetters, { recursive: true, force: true });
  });

  it('shows one Alertmanager configuration, which amtool accepts as written', () => {
    expect(codeBlocks(HEADING, 'yaml')).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-amtool-'));
    try {
      writeFileSync(join(dir, 'alertmanager.yml'), config as string);
      const amtool = join(dirname(binary as string), 'amtool');
      const checked = spawnSync(binary?.includes('/') ? amtool : 'amtool', ['check-config', join(dir, 'alertmanager.yml')], {
        encoding: 'utf8',
      });
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a Tencent firing reaches WeCom as a FIRING message; its recovery as a RESOLVED one', async () => {
    const post = (body: string) =>
      fetch(`${url}/tencent`, {
        method: 'POST',
        headers: { authorization: basicAuth(TEST_TOKEN), 'content-type': 'application/json' },
        body,
      });
    expect((await post(recentTencentAlarm('policy-wecom', 'firing'))).status).toBe(200);
    const firing = await waitForMessage(messages, /^\[FIRING\]/);
    expect(firing).toMatchObject({ agentid: '1000002', toparty: '2', msgtype: 'text' });
    // The README's template, filled from alerthook's labels and annotations: the rule, the resource, the condition.
    expect(firing.text.content).toMatch(/^\[FIRING\] warning test\nins-o9p3rg3m \(gz\)\n/);
    expect(firing.text.content).toContain('CPU 利用率: 100% (threshold >90%)');
    expect(firing.text.content).not.toContain('<no value>');
    expect(tokenRequests[0]?.get('corpid')).toBe('ww0000000000000000');

    expect((await post(recentTencentAlarm('policy-wecom', 'resolved'))).status).toBe(200);
    const resolved = await waitForMessage(messages, /^\[RESOLVED\]/);
    expect(resolved.text.content).toMatch(/^\[RESOLVED\] warning test\n/);
  }, 30_000);

  it("with ALERTHOOK_HEARTBEAT the always-firing heartbeat goes to the dead man's switch, never to WeCom", async () => {
    await waitUntil(() => pings.find((p) => p.alerts.some((a) => a.labels.alertname === 'AlerthookHeartbeat' && a.status === 'firing')), {
      what: 'a heartbeat at the dead man switch',
      timeoutMs: 15_000,
      intervalMs: 100,
    });
    // WeCom's route has the same group_wait here (0 s): a misrouted heartbeat would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(messages.filter((m) => m.text.content.includes('AlerthookHeartbeat'))).toEqual([]);
  }, 30_000);
});

function waitForMessage(messages: WeComMessage[], content: RegExp): Promise<WeComMessage> {
  return waitUntil(() => messages.find((m) => content.test(m.text.content)), {
    what: `WeCom message matching ${content}`,
    timeoutMs: 15_000,
    intervalMs: 100,
    describe: () => JSON.stringify(messages),
  });
}
