import { describe, expect, it } from 'vitest';
import { createSink } from '../../lib/sinks/open-sinks.js';
import type { EncodedEvent } from '../../lib/pipeline/delivery.js';
import { expectOneLineError, runCli, startCli } from '../helpers/built-cli.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { TEST_TOKEN, request, testReceiver } from '../helpers/receiver.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { SINK_CASES, useLiveSink } from '../helpers/sink-cases.js';

// The built CLI (`node bin/alerthook.js`, from dist/) with every sink scheme, as a user runs it:
// `serve` delivering the vendors' samples end to end, `tail` printing what arrives, and both
// failing with one clear line against a closed port. Before these tests, `serve` and `tail` with
// kafka:// died at start-up under plain Node while every source-level test passed.

const NETWORK_ERROR = /ECONNREFUSED|connection refused/i;

async function sampleEvents(): Promise<EncodedEvent[]> {
  const sink = new MemorySink();
  const { receive } = testReceiver('volcengine', sink);
  for (const body of Object.values(volcengineSeeds())) await receive(request({ body }));
  return [...sink.events.values()];
}

for (const sinkCase of SINK_CASES) {
  describe.skipIf(sinkCase.start === undefined)(`built CLI with ${sinkCase.scheme}:// (live)`, () => {
    const liveSink = useLiveSink(sinkCase);

    it('serve delivers a callback of each vendor into the sink', async () => {
      const live = liveSink();
      const serve = startCli(['serve', '--port', '0'], { env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: live.url, ...live.env } });
      try {
        const [, url] = await serve.waitFor('stderr', /listening on (http:\/\/\S+)/);
        const ids: string[] = [];
        for (const [vendor, body] of [
          ['volcengine', volcengineSeeds().Metric],
          ['tencent', stripDocAnnotations(tencentSeeds().metric)],
        ] as const) {
          const response = await fetch(`${url}/${vendor}`, {
            method: 'POST',
            headers: { token: TEST_TOKEN, 'content-type': 'application/json' },
            body,
          });
          const answer = (await response.json()) as { status: string; ids: string[] };
          expect(response.status, JSON.stringify(answer)).toBe(200);
          expect(answer.status).toBe('accepted');
          ids.push(...answer.ids);
        }
        expect(await live.storedEventIds()).toEqual(expect.arrayContaining(ids));
        expect(live.complaints()).toEqual([]);
      } finally {
        const { stdout } = await serve.stop();
        // One JSON log line per request, each with its request id, vendor, status and event count.
        const lines = stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        expect(lines.filter((l) => l.msg === 'callback').map((l) => [l.vendor, l.status, l.events])).toEqual([
          ['volcengine', 200, 1],
          ['tencent', 200, 1],
        ]);
      }
    });

    // Sinks that are not read back: see the test at the end.
    if (sinkCase.tailable)
      it('tail prints the events written after it starts, one JSON per line, and stops at --max', async () => {
        const live = liveSink();
        const tailUrl = live.tailUrl as string;
        // Events the store does not hold yet: a rewrite of an object already there is, rightly, nothing new to a tail.
        const stored = new Set(await live.storedEventIds());
        const events = (await sampleEvents()).filter((e) => !stored.has(e.event.id)).slice(0, 2);
        expect(events).toHaveLength(2);
        const tail = startCli(['tail', '--max', '2', tailUrl], { env: live.env });
        await tail.waitFor('stderr', /^tailing /m);
        const writer = await createSink(live.url, live.env);
        try {
          for (const event of events) await writer.writeEvents([event]);
        } finally {
          await writer.close();
        }
        const result = await tail.exit();
        expect(result.code, result.stderr).toBe(0);
        const printed = result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).id);
        expect(printed.sort()).toEqual(events.map((e) => e.event.id).sort());
      });
  });

  describe(`built CLI with ${sinkCase.scheme}:// (closed port)`, () => {
    it(
      sinkCase.connectsOnOpen
        ? 'serve refuses to start, with one line naming the cause'
        : 'serve starts, and a callback is answered 503 with the cause in its log line',
      async () => {
        const dead = await sinkCase.dead();
        const env = { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: dead.url, ALERTHOOK_TIME_BUDGET_MS: '3000', ...dead.env };
        if (sinkCase.connectsOnOpen) {
          const result = await runCli(['serve', '--port', '0'], { env, timeoutMs: 15_000 });
          const line = expectOneLineError(result);
          expect(line).toMatch(/^alerthook: cannot open sink: /);
          expect(line).toMatch(sinkCase.scheme === 'file' ? /cannot create the directory/ : NETWORK_ERROR);
          return;
        }
        const serve = startCli(['serve', '--port', '0'], { env });
        try {
          const [, url] = await serve.waitFor('stderr', /listening on (http:\/\/\S+)/);
          const response = await fetch(`${url}/volcengine`, {
            method: 'POST',
            headers: { token: TEST_TOKEN },
            body: volcengineSeeds().Metric,
          });
          expect(response.status).toBe(503);
          const log = JSON.parse((await serve.waitFor('stdout', /^\{.*"outcome":"sink-failed".*\}$/m))[0]);
          expect(log.detail).toMatch(NETWORK_ERROR);
        } finally {
          await serve.stop();
        }
      },
    );

    if (sinkCase.tailable)
      it('tail gives up with one line naming the cause, instead of waiting for ever', async () => {
        const dead = await sinkCase.dead();
        const result = await runCli(['tail', dead.tailUrl as string], { env: dead.env, timeoutMs: 20_000 });
        const line = expectOneLineError(result);
        expect(line).toMatch(/^alerthook: cannot tail /);
        expect(line).toMatch(sinkCase.scheme === 'file' ? /no such directory/ : NETWORK_ERROR);
      });
  });
}

for (const sinkCase of SINK_CASES.filter((c) => !c.tailable)) {
  it(`built CLI: tail ${sinkCase.scheme}:// says in one line that such a sink is not read back, and where to look`, async () => {
    const dead = await sinkCase.dead();
    const line = expectOneLineError(await runCli(['tail', dead.url], { env: dead.env, timeoutMs: 20_000 }));
    expect(line).toMatch(/^alerthook: cannot tail .*deliver to a receiver that is not read back: see the README, "Sinks"/);
  });
}
