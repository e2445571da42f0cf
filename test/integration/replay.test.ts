import { describe, expect, it } from 'vitest';
import { replayDeadLetters } from '../../lib/replay/replay-dead-letters.js';
import { fileDeadLetterStore } from '../../lib/sinks/file/dead-letters.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import type { EncodedEvent } from '../../lib/pipeline/delivery.js';
import { VENDORS as vendors } from '../helpers/receiver.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import { parseSample, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

/** Dead letters for five distinct Volcengine bodies (the Metric sample naming five resources in turn). */
async function storeWithLetters(count: number): Promise<string> {
  const dir = tempDir();
  const sink = createFileSink(`file://${dir}`);
  const sample = parseSample(volcengineSeeds().Metric);
  for (let i = 0; i < count; i++) {
    const body = Buffer.from(JSON.stringify({ ...sample, Resources: [{ ...sample.Resources[0], Id: `enas-${i}` }] }));
    await sink.writeDeadLetter({
      id: ('abcdef'[i] as string).repeat(32),
      vendor: 'volcengine',
      receivedAt: `2026-01-01T00:00:0${i}Z`,
      requestId: `r${i}`,
      transport: 'local-http',
      errors: ['old reason'],
      headers: {},
      body,
    });
  }
  return dir;
}

describe('replay when the sink fails part-way', () => {
  it('letters acknowledged before the failure are moved; the failed one and all after it stay where they were', async () => {
    const dir = await storeWithLetters(5);
    const sink = new MemorySink();
    let writes = 0;
    const failing = {
      ...sink,
      description: sink.description,
      writeDeadLetter: sink.writeDeadLetter.bind(sink),
      writeHeartbeat: sink.writeHeartbeat.bind(sink),
      close: sink.close.bind(sink),
      writeEvents: async (events: readonly EncodedEvent[]) => {
        if (++writes === 3) throw new Error('broker went away');
        await sink.writeEvents(events);
      },
    };
    const summary = await replayDeadLetters({
      store: await fileDeadLetterStore(`file://${dir}`),
      sink: failing,
      vendors,
      settings: NORMALIZE_SETTINGS,
      dryRun: false,
      replayedBy: 'alerthook@test',
    });
    expect(summary).toMatchObject({ found: 5, replayed: 2, events: 2, notTried: 2, failed: { error: 'broker went away' } });
    expect(sink.events.size).toBe(2);
    const files = listFiles(dir);
    expect(files.filter((f) => f.startsWith('replayed/dead-letter/') && f.endsWith('.body'))).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('dead-letter/') && f.endsWith('.body'))).toHaveLength(3);
    expect(files.filter((f) => f.startsWith('dead-letter/') && f.endsWith('.json'))).toHaveLength(3);

    // Run again with a working sink: the rest go, with the same ids a first-time replay would give.
    const second = await replayDeadLetters({
      store: await fileDeadLetterStore(`file://${dir}`),
      sink,
      vendors,
      settings: NORMALIZE_SETTINGS,
      dryRun: false,
      replayedBy: 'alerthook@test',
    });
    expect(second).toMatchObject({ found: 3, replayed: 3, failed: null });
    expect(sink.events.size).toBe(5);
  });

  it("replays oldest first, so an alert's firing comes before its recovery", async () => {
    const dir = tempDir();
    const store = createFileSink(`file://${dir}`);
    const firing = parseSample(volcengineSeeds().Metric);
    const recovery = { ...firing, Type: 'MetricRecovered', Resources: [], RecoveredResources: firing.Resources };
    // Ids chosen so that name order is the reverse of arrival order.
    await store.writeDeadLetter({
      id: 'f'.repeat(32),
      vendor: 'volcengine',
      receivedAt: '2026-01-01T00:00:00Z',
      requestId: 'a',
      transport: 'local-http',
      errors: [],
      headers: {},
      body: Buffer.from(JSON.stringify(firing)),
    });
    await store.writeDeadLetter({
      id: '0'.repeat(32),
      vendor: 'volcengine',
      receivedAt: '2026-01-01T00:10:00Z',
      requestId: 'b',
      transport: 'local-http',
      errors: [],
      headers: {},
      body: Buffer.from(JSON.stringify(recovery)),
    });
    const order: string[] = [];
    const sink = new MemorySink();
    const recording = {
      ...sink,
      description: 'recording',
      writeDeadLetter: sink.writeDeadLetter.bind(sink),
      writeHeartbeat: sink.writeHeartbeat.bind(sink),
      close: sink.close.bind(sink),
      writeEvents: async (events: readonly EncodedEvent[]) => {
        order.push(...events.map((e) => e.event.data.status));
      },
    };
    await replayDeadLetters({
      store: await fileDeadLetterStore(`file://${dir}`),
      sink: recording,
      vendors,
      settings: NORMALIZE_SETTINGS,
      dryRun: false,
      replayedBy: 'alerthook@test',
    });
    expect(order).toEqual(['firing', 'resolved']);
  });
});
