import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { createS3Sink } from '../../lib/sinks/s3/sink.js';
import type { DeadLetter, Sink } from '../../lib/pipeline/delivery.js';
import { runCli, startCli } from '../helpers/built-cli.js';
import { startKafkaStandIn } from '../helpers/kafka-stand-in.js';
import { TEST_TOKEN } from '../helpers/receiver.js';
import { S3_KEYS, listS3Keys, startS3Server, startVerifyingS3Proxy, type S3Server, type VerifyingS3Proxy } from '../helpers/s3.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// `alerthook replay` from the built CLI, on dead letters as alerthook 0.1 wrote them: bodies 0.1
// refused (Volcengine HappenedAt forms it could not read) that this version accepts, beside one that
// still is not JSON. The key layout and meta document are the ones 0.1's sinks wrote.

const tempDir = useTempDir();

/** A Volcengine metric callback with the HappenedAt 0.1 could not read (VENDOR-NOTES: "+08:00" and peers' forms). */
function volcengineBody(resourceId: string, happenedAt: string, lastAlertTime?: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      Type: 'Metric',
      AccountId: '21000000',
      RuleName: 'cpu high',
      RuleId: '1900000000000000010',
      Namespace: 'VCM_ECS',
      SubNamespace: 'Instance',
      Level: 'warning',
      HappenedAt: happenedAt,
      Resources: [
        {
          Id: resourceId,
          Name: resourceId,
          Region: 'cn-beijing',
          FirstAlertTime: 1767196800,
          ...(lastAlertTime === undefined ? {} : { LastAlertTime: lastAlertTime }),
          Metrics: [{ Name: 'CpuTotal', Unit: '%', Threshold: 90, CurrentValue: 99, Description: 'CPU使用率' }],
          Dimensions: [{ Name: 'ResourceID', Value: resourceId }],
        },
      ],
    }),
  );
}

const OLD_REASON = 'HappenedAt: expected a time like "2024-04-11 14:51:01(UTC+08:00)" or Unix seconds';

/** What 0.1 stored for each body it refused: same id rule, layout and meta fields as today. */
function oldDeadLetters(): { letter: DeadLetter; replayable: boolean }[] {
  const letter = (
    id: string,
    vendor: string,
    body: Buffer,
    errors: string[],
    headers: Record<string, string>,
    receivedAt: string,
  ): DeadLetter => ({ id, vendor, receivedAt, requestId: `req-${id.slice(0, 4)}`, transport: 'local-http', errors, headers, body });
  return [
    {
      letter: letter(
        'a'.repeat(32),
        'volcengine',
        volcengineBody('i-replay-1', '2026-01-01 00:05:00+08:00'),
        [OLD_REASON],
        { 'content-type': 'application/json', 'x-volc-trace-id': 'trace-old-1' },
        '2026-01-01T00:05:01.000Z',
      ),
      replayable: true,
    },
    {
      letter: letter(
        'b'.repeat(32),
        'volcengine',
        volcengineBody('i-replay-2', '2025-12-31T16:06:00Z'),
        [OLD_REASON],
        { 'x-volc-trace-id': 'trace-old-2' },
        '2026-01-01T00:06:01.000Z',
      ),
      replayable: true,
    },
    {
      letter: letter(
        'c'.repeat(32),
        'volcengine',
        volcengineBody('i-replay-3', 'sometime', 1767197100),
        [OLD_REASON],
        { 'x-volc-trace-id': 'trace-old-3' },
        '2026-01-01T00:07:01.000Z',
      ),
      replayable: true,
    },
    {
      letter: letter(
        'd'.repeat(32),
        'tencent',
        Buffer.from('not json at all'),
        ['body is not valid JSON (error at position 1)'],
        {},
        '2026-01-01T00:08:01.000Z',
      ),
      replayable: false,
    },
  ];
}

/** The ids a live delivery of these bytes, with these headers, gets: POSTed to the built server. */
async function liveIds(letter: DeadLetter): Promise<string[]> {
  const dir = tempDir();
  const serve = startCli(['serve', '--port', '0'], { env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` } });
  try {
    const [, url] = await serve.waitFor('stderr', /listening on (http:\/\/\S+)/);
    const response = await fetch(`${url}/${letter.vendor}`, {
      method: 'POST',
      headers: { ...letter.headers, token: TEST_TOKEN },
      body: letter.body,
    });
    const answer = (await response.json()) as { status: string; ids: string[] };
    expect(answer.status).toBe('accepted');
    return answer.ids;
  } finally {
    await serve.stop();
  }
}

async function writeAll(sink: Sink, letters: { letter: DeadLetter }[]): Promise<void> {
  for (const { letter } of letters) await sink.writeDeadLetter(letter);
}

function eventIdsIn(dir: string): string[] {
  return listFiles(dir)
    .filter((f) => f.startsWith('events/'))
    .map((f) => f.replace(/^.*\/([0-9a-f]{32})\.json$/, '$1'))
    .sort();
}

describe('alerthook replay, file://', () => {
  it('delivers what this version can read with the ids a live delivery gives, moves those letters, leaves the rest; a second run changes nothing', async () => {
    const store = tempDir();
    const out = tempDir();
    const letters = oldDeadLetters();
    await writeAll(createFileSink(`file://${store}`), letters);
    const expected = (await Promise.all(letters.filter((l) => l.replayable).map((l) => liveIds(l.letter)))).flat().sort();

    const first = await runCli(['replay', '--to', `file://${out}`, store]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^replayed: 3 dead letters \(3 events\) of 4$/m);
    expect(first.stdout).toMatch(/^still invalid: 1\n +1 {2}body is not valid JSON.*\(tencent\/d{32}\)$/m);
    expect(first.stdout).toMatch(/^failed delivery: 0$/m);
    expect(eventIdsIn(out)).toEqual(expected);

    // Replayed letters moved under replayed/, byte for byte, their meta saying when, by what and which events.
    const files = listFiles(store);
    expect(files.filter((f) => f.startsWith('dead-letter/'))).toEqual([
      `dead-letter/tencent/${'d'.repeat(32)}.body`,
      `dead-letter/tencent/${'d'.repeat(32)}.json`,
    ]);
    for (const { letter } of letters.filter((l) => l.replayable)) {
      const base = join(store, 'replayed', 'dead-letter', letter.vendor, letter.id);
      expect(readFileSync(`${base}.body`).equals(letter.body)).toBe(true);
      const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
      expect(meta).toMatchObject({
        id: letter.id,
        errors: letter.errors,
        headers: letter.headers,
        replayed: { by: expect.stringMatching(/^alerthook@\d+\.\d+\.\d+$/), to: `file://${out}` },
      });
      expect(Date.parse(meta.replayed.at)).not.toBeNaN();
      expect(meta.replayed.eventIds.every((id: string) => expected.includes(id))).toBe(true);
    }
    // The events carry the stored headers, as the live delivery's did.
    const event = JSON.parse(readFileSync(join(out, listFiles(out).find((f) => f.startsWith('events/')) as string), 'utf8'));
    expect(event.data.delivery.traceId).toMatch(/^trace-old-/);

    const before = [listFiles(store), listFiles(out)];
    const second = await runCli(['replay', '--to', `file://${out}`, store]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^replayed: 0 dead letters \(0 events\) of 1$/m);
    expect([listFiles(store), listFiles(out)]).toEqual(before);
  });

  it('--dry-run reports and touches nothing; --vendor and --since choose letters', async () => {
    const store = tempDir();
    const letters = oldDeadLetters();
    await writeAll(createFileSink(`file://${store}`), letters);
    const before = listFiles(store);
    const dry = await runCli(['replay', '--dry-run', store]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would replay: 3 dead letters \(3 events\) of 4$/m);
    expect(listFiles(store)).toEqual(before);

    const tencentOnly = await runCli(['replay', '--dry-run', '--vendor', 'tencent', store]);
    expect(tencentOnly.stdout).toMatch(/^would replay: 0 dead letters \(0 events\) of 1$/m);
    const recent = await runCli(['replay', '--dry-run', '--since', '2026-01-01T00:06:30Z', store]);
    expect(recent.stdout).toMatch(/^would replay: 1 dead letter \(1 event\) of 4; 2 older than --since left alone$/m);
    const bad = await runCli(['replay', '--since', 'last tuesday', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^alerthook: replay: --since takes a date.*; see 'alerthook replay --help'\n$/);
  });

  it('a sink that refuses the events: exit 1, the failure named, every letter left where it was', async () => {
    const store = tempDir();
    await writeAll(createFileSink(`file://${store}`), oldDeadLetters());
    const before = listFiles(store);
    const kafka = await startKafkaStandIn({ topics: { alerts: 1 }, produceError: { topic: 'alerts', code: 29 } });
    try {
      const result = await runCli(['replay', '--to', `kafka://127.0.0.1:${kafka.port}/alerts`, store]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^failed delivery: 1 \(volcengine\/a{32}: .*\); stopped, 3 not tried/m);
      expect(listFiles(store)).toEqual(before);
    } finally {
      await kafka.close();
    }
  });

  it('a broker is not a dead-letter store: one line pointing to the README', async () => {
    const result = await runCli(['replay', 'kafka://127.0.0.1:9/alerts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^alerthook: cannot read dead letters from kafka:.*replay reads dead letters from file:\/\/ and s3:\/\/ stores.*README/,
    );
  });
});

describe('alerthook replay, s3:// (a real S3-compatible server)', () => {
  let s3: S3Server;
  let proxy: VerifyingS3Proxy;
  beforeAll(async () => {
    s3 = await startS3Server(['deadletters']);
    proxy = await startVerifyingS3Proxy(s3, S3_KEYS.ALERTHOOK_S3_SECRET_ACCESS_KEY);
  });
  afterAll(async () => {
    await proxy?.close();
    await s3?.close();
  });

  it('replays from a bucket into another sink, moving replayed letters under replayed/ in the bucket', async () => {
    const url = `s3://deadletters/prod?endpoint=${proxy.endpoint}&region=us-east-1&style=path`;
    const letters = oldDeadLetters();
    await writeAll(createS3Sink(url, S3_KEYS), letters);
    const out = tempDir();
    const result = await runCli(['replay', '--to', `file://${out}`, url], { env: S3_KEYS });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^replayed: 3 dead letters \(3 events\) of 4$/m);
    expect(eventIdsIn(out)).toEqual((await Promise.all(letters.filter((l) => l.replayable).map((l) => liveIds(l.letter)))).flat().sort());
    const keys = await listS3Keys(s3, 'deadletters', 'prod/');
    expect(keys.filter((k) => k.startsWith('prod/dead-letter/')).sort()).toEqual([
      `prod/dead-letter/tencent/${'d'.repeat(32)}.body`,
      `prod/dead-letter/tencent/${'d'.repeat(32)}.json`,
    ]);
    expect(keys.filter((k) => k.startsWith('prod/replayed/dead-letter/'))).toHaveLength(6);
    expect(proxy.requests.every((r) => r.signatureValid)).toBe(true);

    const again = await runCli(['replay', '--to', `file://${out}`, url], { env: S3_KEYS });
    expect(again.stdout).toMatch(/^replayed: 0 dead letters \(0 events\) of 1$/m);
  });
});
