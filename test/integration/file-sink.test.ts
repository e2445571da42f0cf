import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFileSink, fileSinkDirectory } from '../../lib/sinks/file/sink.js';
import { createSink } from '../../lib/sinks/open-sinks.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { request, testReceiver } from '../helpers/receiver.js';
import { volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const volc = volcengineSeeds();

async function eventsFrom(body: string) {
  const sink = new MemorySink();
  await testReceiver('volcengine', sink).receive(request({ body }));
  return [...sink.events.values()];
}

describe('file sink', () => {
  it('writes one file per event at events/<vendor>/<date>/<id>.json holding exactly the event', async () => {
    const dir = tempDir();
    const sink = createFileSink(`file://${dir}`);
    const [encoded] = await eventsFrom(volc.Metric);
    await sink.writeEvents([encoded!]);
    expect(listFiles(dir)).toEqual([`events/volcengine/2024-04-11/${encoded!.event.id}.json`]);
    expect(JSON.parse(readFileSync(`${dir}/events/volcengine/2024-04-11/${encoded!.event.id}.json`, 'utf8'))).toEqual(encoded!.event);
  });

  it('overwrites on redelivery and leaves no temporary files', async () => {
    const dir = tempDir();
    const sink = createFileSink(`file://${dir}`);
    const events = await eventsFrom(volc.Metric);
    await sink.writeEvents(events);
    await sink.writeEvents(events);
    await Promise.all([sink.writeEvents(events), sink.writeEvents(events)]);
    expect(listFiles(dir)).toHaveLength(1);
  });

  it('keeps a dead letter as the exact body plus a meta file without credentials', async () => {
    const dir = tempDir();
    const sink = createFileSink(`file://${dir}`);
    const body = Uint8Array.from([0x7b, 0x00, 0xff, 0xfe, 0x0a]);
    await sink.writeDeadLetter({
      id: 'a'.repeat(32),
      vendor: 'tencent',
      receivedAt: '2026-01-01T00:00:00.000Z',
      requestId: 'r',
      transport: 'local-http',
      errors: ['body is not valid UTF-8'],
      headers: { 'x-a': '1' },
      body,
    });
    expect(listFiles(dir)).toEqual([`dead-letter/tencent/${'a'.repeat(32)}.body`, `dead-letter/tencent/${'a'.repeat(32)}.json`]);
    expect(readFileSync(`${dir}/dead-letter/tencent/${'a'.repeat(32)}.body`).equals(Buffer.from(body))).toBe(true);
    expect(JSON.parse(readFileSync(`${dir}/dead-letter/tencent/${'a'.repeat(32)}.json`, 'utf8'))).toMatchObject({
      errors: ['body is not valid UTF-8'],
      bodyBytes: 5,
      headers: { 'x-a': '1' },
    });
  });

  it('rejects (so the caller answers 503) when it cannot write', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/events`, 'a file where a directory must go');
    const sink = createFileSink(`file://${dir}`);
    await expect(sink.writeEvents(await eventsFrom(volc.Metric))).rejects.toThrow();
  });

  it('reads file://./rel, file://rel and file:///abs', () => {
    expect(fileSinkDirectory('file://./data')).toBe(`${process.cwd()}/data`);
    expect(fileSinkDirectory('file://data')).toBe(`${process.cwd()}/data`);
    expect(fileSinkDirectory('file:///var/x')).toBe('/var/x');
    expect(() => fileSinkDirectory('file://')).toThrow();
  });

  it('createSink names the supported schemes for an unknown one, without echoing the URL', async () => {
    await expect(createSink('ftp://user:pw@host/x')).rejects.toThrow(/unsupported sink scheme "ftp".*file:\/\//);
    await expect(createSink('ftp://user:pw@host/x')).rejects.not.toThrow(/pw/);
  });
});
