import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './closed-port.js';
import { waitUntil } from './wait-until.js';

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager; `.ci/run` installs it) on
 * loopback, whose one route sends every alert, grouped by all its labels, to a webhook receiver this
 * process runs, with resolved notifications. Outside CI without the binary, the tests that need it
 * are skipped, saying so; on CI its absence fails them.
 */
export function alertmanagerBinary(): string | undefined {
  const configured = process.env.ALERTHOOK_TEST_ALERTMANAGER_BIN;
  if (configured !== undefined && configured !== '') {
    if (runs(configured)) return configured;
    throw new Error(`ALERTHOOK_TEST_ALERTMANAGER_BIN=${configured} does not run`);
  }
  if (runs('prometheus-alertmanager')) return 'prometheus-alertmanager';
  if (process.env.CI)
    throw new Error('no Alertmanager on CI: .ci/run must install prometheus-alertmanager and set ALERTHOOK_TEST_ALERTMANAGER_BIN');
  process.stderr.write(
    '\n*** SKIPPED: the Alertmanager sink tests need Alertmanager. Install it (apt-get install prometheus-alertmanager) or set ALERTHOOK_TEST_ALERTMANAGER_BIN ***\n\n',
  );
  return undefined;
}

function runs(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** What Alertmanager's webhook receiver gets: one per notification. */
export interface Notification {
  status: 'firing' | 'resolved';
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
  }[];
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** For ALERTHOOK_SINK. */
  sinkUrl: string;
  notifications: Notification[];
  /** The alerts Alertmanager holds as not resolved (its GET /api/v2/alerts). */
  activeAlerts(): Promise<
    { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; status: { state: string } }[]
  >;
  /** Waits until `predicate` holds of the notifications so far. */
  waitForNotification(predicate: (notifications: Notification[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The test's configuration: one route sending every alert, each its own group, to the webhook receiver. */
function webhookConfig(hook: string): string {
  return [
    'route:',
    '  receiver: hook',
    "  group_by: ['...']",
    '  group_wait: 0s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: hook',
    '    webhook_configs:',
    `      - url: ${hook}`,
    '        send_resolved: true',
    '',
  ].join('\n');
}

/** @param config Alertmanager's configuration, given the URL of the webhook receiver (default: route everything there). */
export async function startAlertmanager(binary: string, config: (hook: string) => string = webhookConfig): Promise<RunningAlertmanager> {
  const notifications: Notification[] = [];
  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    notifications.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Notification);
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;

  const dir = mkdtempSync(join(tmpdir(), 'alerthook-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), config(hook));
  const port = await closedPort();
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`Alertmanager exited with ${child.exitCode}:\n${log}`);
      return (
        (await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )) || undefined
      );
    },
    { what: 'ready Alertmanager', timeoutMs: 15_000, intervalMs: 100, describe: () => log },
  );

  return {
    url,
    sinkUrl: `alertmanager://127.0.0.1:${port}`,
    notifications,
    activeAlerts: async () =>
      (await (await fetch(`${url}/api/v2/alerts`)).json()) as Awaited<ReturnType<RunningAlertmanager['activeAlerts']>>,
    async waitForNotification(predicate, timeoutMs = 10_000) {
      await waitUntil(() => predicate(notifications) || undefined, {
        what: 'such notification',
        timeoutMs,
        describe: () => JSON.stringify(notifications),
      });
    },
    async close() {
      child.kill();
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      await new Promise<void>((resolve) => {
        receiver.closeAllConnections();
        receiver.close(() => resolve());
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
