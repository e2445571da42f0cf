import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { buildAlertEvent } from '../../lib/event/build-alert-event.js';
import { isPlainObject } from '../../lib/json/json-value.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import type { SourceManifest, SourceProvider } from '../../lib/vendors/source.js';
import { tencentManifest } from '../../lib/vendors/tencent/manifest.js';
import { tencentMonitor } from '../../lib/vendors/tencent/provider.js';
import { tencentPrometheus } from '../../lib/vendors/tencent/prometheus/provider.js';
import type { TencentSettings } from '../../lib/vendors/tencent/settings.js';
import { withSources } from '../../lib/vendors/vendor-sources.js';
import { NORMALIZE_SETTINGS, TEST_TOKEN, basicAuth } from '../helpers/receiver.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// A third source for a cloud, as CONTRIBUTING's "Adding a source" describes: one folder (here, one
// file: a manifest and a provider) and one line in each of the vendor's two lists. "Acme logs"
// posts `{ "acmeLogAlarm": { "id", "state" } }`; it exists only here.

const tempDir = useTempDir();

const logsManifest: SourceManifest = {
  name: 'logs',
  title: 'Acme Log Alarms',
  noun: 'alarm',
  pathSegment: 'logs',
  looksLike: (body) => isPlainObject(body) && 'acmeLogAlarm' in body,
  consoleSteps: (url) => [`Logs → alarms → webhook: ${url}/logs`],
};
const LogAlarm = z.looseObject({ acmeLogAlarm: z.looseObject({ id: z.string(), state: z.enum(['firing', 'resolved']) }) });
const logs: SourceProvider<z.output<typeof LogAlarm>, TencentSettings> = {
  ...logsManifest,
  source: 'tencentcloud/logs-test',
  schema: LogAlarm,
  isProbe: () => false,
  acknowledgement: () => ({}),
  normalize: (alarm, raw, context) => {
    const time = new Date('2026-12-01T00:00:00Z');
    const { id, state } = alarm.acmeLogAlarm;
    return [
      buildAlertEvent({
        vendor: 'tencent',
        source: 'tencentcloud/logs-test',
        bodyDigest: context.bodyDigest,
        instanceKey: '',
        fingerprintParts: ['logs', id],
        time,
        kind: 'event',
        status: state,
        severity: context.defaultSeverity,
        startsAt: time,
        endsAt: state === 'resolved' ? time : null,
        rule: { id, name: id, condition: null, type: null, typeName: null, notifyType: null, notifyPeriodSeconds: null },
        resource: { id: null, name: null, region: null, namespace: null, dimensions: {} },
        account: { id: null, project: null },
        metrics: [],
        event: null,
        extraLabels: {},
        summary: `log alarm ${id}`,
        delivery: { traceId: null, headers: {} },
        raw,
      }),
    ];
  },
};

// The two lines: the manifest's list and the provider's.
const manifest = { ...tencentManifest, sources: [...(tencentManifest.sources ?? []), logsManifest] };
const vendor = withSources<TencentSettings>(manifest, [tencentMonitor, tencentPrometheus, logs]);

describe('adding a source to a cloud', () => {
  const body = JSON.stringify({ acmeLogAlarm: { id: 'errors-spike', state: 'firing' } });

  it("is told from the body on the cloud's one URL, and named by its own path", () => {
    for (const sourceName of [undefined, 'logs']) {
      const decoded = decodeCallback(vendor, Buffer.from(body), {}, NORMALIZE_SETTINGS, { sourceName });
      expect(decoded.outcome === 'events' && decoded.events[0]?.event.source).toBe('tencentcloud/logs-test');
    }
    const misdirected = decodeCallback(vendor, Buffer.from(body), {}, NORMALIZE_SETTINGS, { sourceName: 'prometheus' });
    expect(misdirected.outcome === 'invalid' && misdirected.errors[0]).toMatch(
      /^this looks like a Acme Log Alarms alarm, not a Tencent Managed Service for Prometheus \(TMP\) one: send it to POST \/tencent\/logs/,
    );
  });

  it("is received by the cloud's function at <function URL>/logs", async () => {
    const dir = tempDir();
    const handler = createFunctionHandler(vendor, { env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` }, log: () => {} });
    const answer = (await handler({
      httpMethod: 'POST',
      path: '/logs',
      queryString: {},
      headers: { authorization: basicAuth(TEST_TOKEN) },
      body,
    })) as { statusCode: number; body: string };
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', events: 1 });
    expect(listFiles(dir).filter((file) => file.startsWith('events/'))).toHaveLength(1);
  });
});
