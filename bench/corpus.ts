import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VendorName } from '../lib/event/alert-event.js';
import { parseVendorJson } from '../lib/json/parse-vendor-json.js';
import { packageRoot } from '../lib/package-root.js';

/**
 * The benchmark's bodies: the vendors' samples committed in lib/vendors/<name>/samples/, plus
 * variants VENDOR-NOTES describes (a Volcengine callback naming five resources, a leveled Tencent
 * recovery). Each is re-serialized as strict JSON, so the floor (`JSON.parse` + `JSON.stringify`)
 * reads the very same bytes as the pipeline. Nothing here needs ../shared or the tests.
 */
export interface CorpusBody {
  vendor: VendorName;
  name: string;
  bytes: Buffer;
}

function sample(vendor: VendorName, file: string): Record<string, any> {
  const parsed = parseVendorJson(readFileSync(join(packageRoot(), 'lib', 'vendors', vendor, 'samples', file), 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${vendor}/${file} does not parse: ${parsed.error}`);
  return parsed.value as Record<string, any>;
}

export function loadCorpus(): CorpusBody[] {
  const bodies: CorpusBody[] = [];
  const add = (vendor: VendorName, name: string, value: unknown) =>
    bodies.push({ vendor, name, bytes: Buffer.from(JSON.stringify(value)) });
  for (const [name, file] of [
    ['Metric', 'metric.json'],
    ['MetricRecovered', 'metric-recovered.json'],
    ['MetricsNoData', 'nodata.json'],
    ['NoDataRecovered', 'nodata-recovered.json'],
  ] as const) {
    add('volcengine', name, sample('volcengine', file));
  }
  const metric = sample('tencent', 'metric.json');
  add('tencent', 'tencent metric', metric);
  add('tencent', 'tencent event', sample('tencent', 'event.json'));
  add('tencent', 'tencent leveled recovery', {
    ...metric,
    alarmStatus: '0',
    alertId: `${metric.sessionId}_Serious`,
    recoverTime: '2017-03-09 07:15:00',
  });
  const many = sample('volcengine', 'metric.json');
  const first = many.Resources[0];
  add('volcengine', 'Metric x5 resources', { ...many, Resources: [0, 1, 2, 3, 4].map((i) => ({ ...first, Id: `${first.Id}-${i}` })) });
  add('volcengine', 'Event', sample('volcengine', 'event.json'));
  return bodies;
}

const FIRST_ALERT_TIME = '"FirstAlertTime":1664332705';

/**
 * The Volcengine `Metric` body with its first-alert time moved by `n` seconds: a distinct callback,
 * with event ids of its own, for each `n`, so that every write in a run is a new file or object.
 */
export function metricVariant(metric: CorpusBody, n: number): string {
  const text = metric.bytes.toString('utf8');
  if (!text.includes(FIRST_ALERT_TIME)) throw new Error(`the bench's Metric sample no longer has ${FIRST_ALERT_TIME}`);
  return text.replace(FIRST_ALERT_TIME, `"FirstAlertTime":${1664332705 + n}`);
}
