import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertEvent, type AlertEvent } from '../../lib/event/alert-event.js';
import { parseVendorJson } from '../../lib/json/parse-vendor-json.js';
import { decodeCallback, type DecodedCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { volcengine } from '../../lib/vendors/volcengine/provider.js';
import { tlsGroup } from '../../lib/vendors/volcengine/tls/normalize.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';

// TLS alarm notifications (../shared/ALERT-SOURCES.md §5). The sample is alerthook's template as
// pongo2 rendered it (lib/vendors/volcengine/tls/samples/README.md); the variations change one
// rendered value. The facts: NotifyType 1 triggered / 2 recovered; no per-incident id, so an
// incident is AlarmID plus its group values; Severity's values and the time formats unconfirmed.

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
const SAMPLE = read('../../lib/vendors/volcengine/tls/samples/alarm.json');
const V1 = read('../fixtures/log-alarms/tls-v1-body.json');
// Volcengine's own sample carries trailing commas, as the vendor documents it.
const MONITOR = (
  parseVendorJson(readFileSync(new URL('../../lib/vendors/volcengine/samples/metric.json', import.meta.url), 'utf8')) as { value: unknown }
).value;
const RECEIVED = new Date('2026-12-01T08:00:00Z');

function decode(body: unknown, options: { sourceName?: string; headers?: Record<string, string> } = {}): DecodedCallback {
  return decodeCallback(volcengine, Buffer.from(JSON.stringify(body)), options.headers ?? {}, NORMALIZE_SETTINGS, {
    otherVendors: registeredVendors(),
    receivedAt: RECEIVED,
    sourceName: options.sourceName,
  });
}

function event(body: unknown, options: { sourceName?: string; headers?: Record<string, string> } = {}): AlertEvent {
  const decoded = decode(body, options);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(decoded)}`);
  expect(decoded.events).toHaveLength(1);
  return parseAlertEvent(JSON.parse((decoded.events[0] as { json: string }).json));
}

const recovery = {
  ...SAMPLE,
  NotifyType: 2,
  NotifyTimeUnix: 1712819161,
  TriggerParams: ['$1.AppName=checkout', '$1.cnt=2'],
  NotifyMsg: null,
};

describe('Volcengine TLS log alarms', () => {
  it('reads the rendered template on the one URL, by shape, as a TLS alarm event', () => {
    const e = event(SAMPLE);
    expect(e.source).toBe('volcengine/tls');
    expect(e.data).toMatchObject({
      vendor: 'volcengine',
      kind: 'event',
      status: 'firing',
      severity: 'critical',
      startsAt: '2024-04-11T06:51:01Z',
      endsAt: null,
      rule: { id: '6a1d2c3b-0000-4000-8000-00000000beef', name: 'checkout errors "spike"', condition: '$1.cnt > 10' },
      resource: { name: 'checkout-app-log', region: 'cn-beijing', dimensions: { '$1.AppName': 'checkout' } },
      account: { id: '2100000001', project: 'shop' },
      event: { id: null, description: 'page the checkout on-call' },
    });
    expect(e.time).toBe('2024-04-11T06:51:01Z');
    expect(e.data.labels).toMatchObject({ source: 'tls', template_version: '1' });
    const details = e.data.event?.details as Record<string, unknown>;
    expect(details.fireResults).toEqual([{ AppName: 'checkout', cnt: 15 }]);
    expect(details.queryLog).toEqual([[{ __content__: 'ERROR pay failed: "card\\declined"\n<retry>', __time__: 1712818255 }]]);
  });

  it('is the same event by /tls as by shape, even with Volcengine-looking headers', () => {
    expect(event(SAMPLE, { sourceName: 'tls' })).toEqual(event(SAMPLE));
    expect(event(SAMPLE, { headers: { 'x-volc-trace-id': 't-1' } }).source).toBe('volcengine/tls');
  });

  it('pairs a recovery with its trigger by AlarmID and the group values, not the counts', () => {
    const fired = event(SAMPLE);
    const recovered = event(recovery);
    expect(recovered.data.status).toBe('resolved');
    expect(recovered.data.endsAt).toBe('2024-04-11T07:06:01Z');
    expect(recovered.data.fingerprint).toBe(fired.data.fingerprint);
  });

  it('tells two groups of one policy apart, and one group under two policies', () => {
    const fired = event(SAMPLE);
    const other = { ...SAMPLE, TriggerParams: ['$1.AppName=cart', '$1.cnt=15'] };
    expect(event(other).data.fingerprint).not.toBe(fired.data.fingerprint);
    expect(event({ ...SAMPLE, AlarmID: 'another-policy' }).data.fingerprint).not.toBe(fired.data.fingerprint);
  });

  it('takes the group from non-numeric key=value entries, one string or many', () => {
    expect(tlsGroup(['$1.AppName=x;$1.cnt=5;', '$2.host=h1', 7, 'no pair'])).toEqual([
      ['$1.AppName', 'x'],
      ['$2.host', 'h1'],
    ]);
  });

  it('reads the likely Severity spellings, and gives the default for any other', () => {
    expect(event({ ...SAMPLE, Severity: 'notice' }).data.severity).toBe('info');
    expect(event({ ...SAMPLE, Severity: 'warning' }).data.severity).toBe('warning');
    expect(event({ ...SAMPLE, Severity: 'P9' }).data.severity).toBe(NORMALIZE_SETTINGS.defaultSeverity);
  });

  it('reads NotifyTimeUnix in seconds or milliseconds, and StartTime as Unix digits too', () => {
    const e = event({ ...SAMPLE, NotifyTimeUnix: '1712818261000', StartTime: 1712818200 });
    expect(e.time).toBe('2024-04-11T06:51:01Z');
    expect(e.data.startsAt).toBe('2024-04-11T06:50:00Z');
  });

  it('still reads a body from version 1 of the template', () => {
    expect(event(V1).data.labels.template_version).toBe('1');
  });

  it("reads a user's own JSON keyed by TLS's variable names", () => {
    const e = event({ NotifyType: '1', AlarmID: 'p-1', Alarm: 'mine', AlarmTopicName: 'app' }, { sourceName: 'tls' });
    expect(e.data).toMatchObject({ status: 'firing', rule: { name: 'mine' }, resource: { name: 'app' } });
    expect(e.time).toBe(RECEIVED.toISOString().replace('.000', ''));
  });

  it('dead-letters a body that is not JSON (a default or text template) on /tls pointing to alerthook template tls', () => {
    const text = '【告警】nginx 5xx: 3 > 1';
    const decoded = decodeCallback(volcengine, Buffer.from(text), {}, NORMALIZE_SETTINGS, { sourceName: 'tls', receivedAt: RECEIVED });
    expect(decoded.outcome === 'invalid' && decoded.errors).toEqual([
      expect.stringContaining('body is not valid JSON'),
      expect.stringContaining('alerthook template tls'),
    ]);
  });

  it('dead-letters a body it cannot read with a reason that points to alerthook template tls', () => {
    const decoded = decode({ text: 'an alarm fired' }, { sourceName: 'tls' });
    expect(decoded.outcome === 'invalid' && decoded.errors[0]).toContain('alerthook template tls');
  });

  it('leaves CloudMonitor callbacks to CloudMonitor', () => {
    const decoded = decode(MONITOR, { headers: { 'x-volc-trace-id': 't-1' } });
    expect(decoded.outcome === 'events' && decoded.source.name).toBe('monitor');
  });
});
