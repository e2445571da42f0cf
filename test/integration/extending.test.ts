import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.js';
import type { VendorName } from '../../lib/event/alert-event.js';
import { buildAlertEvent } from '../../lib/event/build-alert-event.js';
import { isPlainObject } from '../../lib/json/json-value.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { startLocalServer, type LocalServer } from '../../lib/server/local-server.js';
import { openSinks } from '../../lib/sinks/open-sinks.js';
import { registerSinkKind } from '../../lib/sinks/registry.js';
import type { DeadLetter, EncodedEvent, Sink } from '../../lib/pipeline/delivery.js';
import type { SinkKind } from '../../lib/sinks/sink.js';
import { tailSink } from '../../lib/sinks/tail-sink.js';
import { fingerprintParts, type FingerprintField, type VendorRegistration, type VendorProvider } from '../../lib/vendors/vendor.js';
import { registeredVendors, registerVendor } from '../../lib/vendors/registry.js';
import { TEST_TOKEN, basicAuth } from '../helpers/receiver.js';
import { volcengineSeeds } from '../helpers/seeds.js';

// A vendor and a sink that exist only here, added through the two registries and nothing else: the
// local server routes the vendor, a function handler receives it, ALERTHOOK_SINK opens the sink, tail
// reads it, and the other vendors' endpoints name it when its body arrives at the wrong one.

/** An in-memory store per name: the sink "memtest://NAME". */
const STORES = new Map<string, { events: EncodedEvent[]; deadLetters: DeadLetter[]; listeners: ((json: string) => void)[] }>();
const store = (url: string) => {
  const name = new URL(url).hostname;
  if (!STORES.has(name)) STORES.set(name, { events: [], deadLetters: [], listeners: [] });
  return STORES.get(name)!;
};

const memorySinks: SinkKind = {
  name: 'memtest',
  schemes: ['memtest'],
  usage: 'memtest://NAME',
  async openSink(url): Promise<Sink> {
    const s = store(url);
    return {
      description: url,
      writeEvents: async (events) => {
        s.events.push(...events);
        for (const { json } of events) for (const listener of s.listeners) listener(json);
      },
      writeDeadLetter: async (letter) => void s.deadLetters.push(letter),
      writeHeartbeat: async () => {},
      close: async () => {},
    };
  },
  async tail(url, onEvent, options) {
    store(url).listeners.push(onEvent);
    options.onReady?.(url);
    await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  },
};

/** "Acme Monitor": `{ "acmeAlert": { "id", "state": "firing" | "ok", "host" } }`, with one setting of its own. */
const AcmeSchema = z.looseObject({ acmeAlert: z.looseObject({ id: z.string(), state: z.enum(['firing', 'ok']), host: z.string() }) });
type AcmeAlert = z.output<typeof AcmeSchema>;
const ACME_FINGERPRINT: readonly FingerprintField<AcmeAlert>[] = [
  { name: 'alert', value: (a) => a.acmeAlert.id },
  { name: 'host', value: (a) => a.acmeAlert.host },
];
const acmeManifest = {
  name: 'acme',
  title: 'Acme Monitor',
  httpPath: '/acme',
  platform: 'scf',
  entries: {},
  sample: { file: 'samples/alert.json', headers: {} },
  callbackUrl: (url: string) => url,
  consoleSteps: () => ['Acme → Webhooks → paste the callback URL.'],
  looksLike: (body: unknown) => isPlainObject(body) && 'acmeAlert' in body,
  readSettings: (env: Readonly<Record<string, string | undefined>>) => ({ team: env.ALERTHOOK_ACME_TEAM ?? 'ops' }),
} as const;
const acme: VendorProvider<AcmeAlert, { team: string }> = {
  ...acmeManifest,
  source: 'acme/monitor',
  schema: AcmeSchema,
  isProbe: () => false,
  acknowledgement: () => ({}),
  normalize: (alert, raw, context) => {
    const time = new Date('2026-11-22T00:00:00Z');
    const status = alert.acmeAlert.state === 'ok' ? 'resolved' : 'firing';
    return [
      buildAlertEvent({
        vendor: 'acme' as VendorName,
        source: 'acme/monitor',
        bodyDigest: context.bodyDigest,
        instanceKey: '',
        fingerprintParts: fingerprintParts(ACME_FINGERPRINT, alert),
        time,
        kind: 'event',
        status,
        severity: context.defaultSeverity,
        startsAt: time,
        endsAt: status === 'resolved' ? time : null,
        rule: {
          id: alert.acmeAlert.id,
          name: null,
          condition: null,
          type: null,
          typeName: null,
          notifyType: null,
          notifyPeriodSeconds: null,
        },
        resource: { id: alert.acmeAlert.host, name: null, region: null, namespace: null, dimensions: {} },
        account: { id: null, project: null },
        metrics: [],
        event: { name: 'acme', displayName: null, id: null, source: null, description: null, details: null },
        extraLabels: { team: context.settings.team },
        summary: `acme ${alert.acmeAlert.state} on ${alert.acmeAlert.host}`,
        delivery: { traceId: null, headers: {} },
        raw,
      }),
    ];
  },
};
const acmeVendor: VendorRegistration<{ team: string }> = { ...acmeManifest, load: async () => acme };

const acmeBody = (state: 'firing' | 'ok') => JSON.stringify({ acmeAlert: { id: 'disk-full', state, host: 'db-1' } });
const unregister: (() => void)[] = [];
beforeAll(() => {
  unregister.push(registerVendor(acmeVendor), registerSinkKind(memorySinks));
});
afterAll(() => {
  for (const undo of unregister.splice(0)) undo();
});

describe('a vendor and a sink added through the registries alone', () => {
  let server: LocalServer;
  let sink: Sink;
  beforeAll(async () => {
    const env = { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: 'memtest://local', ALERTHOOK_ACME_TEAM: 'storage' };
    const config = loadConfig(env, { sinkUrl: 'memtest://unused', vendors: registeredVendors() });
    sink = await openSinks(config.sinkUrl, config.deadLetterUrl, env);
    server = await startLocalServer({ config, sink, host: '127.0.0.1', port: 0, log: () => {} });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  it('the local server routes the vendor, and its events reach the sink, its settings applied', async () => {
    const seen: string[] = [];
    const controller = new AbortController();
    const tailing = tailSink('memtest://local', (json) => seen.push(json), { fromStart: false, signal: controller.signal, env: {} });
    const post = (state: 'firing' | 'ok') =>
      fetch(`${server.url}/acme`, { method: 'POST', headers: { authorization: basicAuth(TEST_TOKEN) }, body: acmeBody(state) });
    const firing = await post('firing');
    const resolved = await post('ok');
    expect([firing.status, resolved.status]).toEqual([200, 200]);
    const [a, b] = store('memtest://local').events.map((e) => e.event);
    expect(a?.data).toMatchObject({ vendor: 'acme', status: 'firing', labels: { team: 'storage', vendor: 'acme' } });
    expect(b?.data.status).toBe('resolved');
    expect(b?.data.fingerprint).toBe(a?.data.fingerprint);
    controller.abort();
    await tailing;
    expect(seen.map((json) => JSON.parse(json).id)).toEqual([a?.id, b?.id]);
  });

  it("its body at another vendor's endpoint is dead-lettered with a first reason naming it", async () => {
    const response = await fetch(`${server.url}/tencent`, {
      method: 'POST',
      headers: { authorization: basicAuth(TEST_TOKEN) },
      body: acmeBody('firing'),
    });
    const answer = (await response.json()) as { status: string; errors: string[] };
    expect(answer.status).toBe('dead-lettered');
    expect(answer.errors[0]).toMatch(
      /^this looks like a Acme Monitor callback, not a Tencent Cloud Monitor one: send it to the acme endpoint \(POST \/acme/,
    );
    expect(store('memtest://local').deadLetters).toHaveLength(1);
  });

  it("a function handler receives it on its platform's triggers and writes to the sink ALERTHOOK_SINK names", async () => {
    const handler = createFunctionHandler(acme, {
      env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: 'memtest://function' },
      log: () => {},
    });
    const answer = (await handler({
      httpMethod: 'POST',
      path: '/',
      headers: { authorization: basicAuth(TEST_TOKEN) },
      queryString: {},
      body: acmeBody('firing'),
    })) as { statusCode: number };
    expect(answer.statusCode).toBe(200);
    expect(store('memtest://function').events.map((e) => e.event.data.vendor)).toEqual(['acme']);
    // The other vendors are untouched: a Volcengine sample still goes where it always went.
    const volcengine = await fetch(`${server.url}/volcengine`, {
      method: 'POST',
      headers: { token: TEST_TOKEN },
      body: volcengineSeeds().Metric,
    });
    expect(volcengine.status).toBe(200);
  });
});
