import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot as repoRoot } from '../lib/package-root.js';
import type { VendorName } from '../lib/event/alert-event.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../test/helpers/seeds.js';

/**
 * The benchmark's bodies: both vendors' samples from ../shared/seeds, plus variants VENDOR-NOTES
 * describes (a Volcengine callback naming five resources, an event-rule callback, a leveled Tencent
 * recovery). Each is re-serialized as strict JSON, so the floor (`JSON.parse` + `JSON.stringify`)
 * reads the very same bytes as the pipeline.
 */
export interface CorpusBody {
  vendor: VendorName;
  name: string;
  bytes: Buffer;
}

export function loadCorpus(): CorpusBody[] {
  const bodies: CorpusBody[] = [];
  const add = (vendor: VendorName, name: string, value: unknown) => bodies.push({ vendor, name, bytes: Buffer.from(JSON.stringify(value)) });
  const volcengine = volcengineSeeds();
  for (const [type, text] of Object.entries(volcengine)) add('volcengine', type, parseSample(text));
  const tencent = tencentSeeds();
  const metric = parseSample(stripDocAnnotations(tencent.metric));
  add('tencent', 'tencent metric', metric);
  add('tencent', 'tencent event', parseSample(stripDocAnnotations(tencent.event)));
  add('tencent', 'tencent leveled recovery', { ...metric, alarmStatus: '0', alertId: `${metric.sessionId}_Serious`, recoverTime: '2017-03-09 07:15:00' });
  const many = parseSample(volcengine.Metric);
  const first = many.Resources[0];
  add('volcengine', 'Metric x5 resources', { ...many, Resources: [0, 1, 2, 3, 4].map((i) => ({ ...first, Id: `${first.Id}-${i}` })) });
  add('volcengine', 'Event', parseSample(readFileSync(resolve(repoRoot(import.meta.url), 'test/fixtures/volcengine-event.json'), 'utf8')));
  return bodies;
}
