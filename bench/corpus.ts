import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VendorName } from '../lib/event/alert-event.js';
import { parseVendorJson } from '../lib/json/parse-vendor-json.js';
import { packageRoot } from '../lib/package-root.js';

/**
 * The benchmark's bodies: the vendors' samples committed in lib/vendors/<name>/samples/ (Cloud
 * Monitor) and lib/vendors/<name>/<source>/samples/ (managed Prometheus, log alarms), plus variants
 * VENDOR-NOTES describes (a Volcengine callback naming five resources, a leveled Tencent
 * recovery). Each is re-serialized as strict JSON, so the floor (`JSON.parse` + `JSON.stringify`)
 * reads the very same bytes as the pipeline. Nothing here needs ../shared or the tests.
 */
export interface CorpusBody {
  vendor: VendorName;
  /** The vendor's source the body is for (its folder's name): `monitor`, `prometheus`, `cls`, `tls`. */
  source: string;
  name: string;
  bytes: Buffer;
}

function sample(vendor: VendorName, file: string, source = 'monitor'): Record<string, any> {
  const folder = source === 'monitor' ? [vendor] : [vendor, source];
  const parsed = parseVendorJson(readFileSync(join(packageRoot(), 'lib', 'vendors', ...folder, 'samples', file), 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${vendor}/${file} does not parse: ${parsed.error}`);
  return parsed.value as Record<string, any>;
}

export function loadCorpus(): CorpusBody[] {
  const bodies: CorpusBody[] = [];
  const add = (vendor: VendorName, name: string, value: unknown, source = 'monitor') =>
    bodies.push({ vendor, source, name, bytes: Buffer.from(JSON.stringify(value)) });
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
  // The other sources, after Cloud Monitor (the cold start and the ingest figures take each vendor's first body).
  add('tencent', 'TMP notification', sample('tencent', 'notification.json', 'prometheus'), 'prometheus');
  add('tencent', 'TMP resolved', sample('tencent', 'notification-resolved.json', 'prometheus'), 'prometheus');
  add('volcengine', 'VMP notification', sample('volcengine', 'notification.json', 'prometheus'), 'prometheus');
  const clsAlarm = sample('tencent', 'alarm.json', 'cls');
  add('tencent', 'CLS alarm', clsAlarm, 'cls');
  add('tencent', 'CLS recovery', { ...clsAlarm, NotifyType: 2 }, 'cls');
  const tlsAlarm = sample('volcengine', 'alarm.json', 'tls');
  add('volcengine', 'TLS alarm', tlsAlarm, 'tls');
  add('volcengine', 'TLS recovery', { ...tlsAlarm, NotifyType: 2 }, 'tls');
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
