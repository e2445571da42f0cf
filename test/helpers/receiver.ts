import { loadConfig, type AlerthookConfig } from '../../lib/config.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import type { LogFields } from '../../lib/log.js';
import { createCallbackReceiver } from '../../lib/pipeline/receive-callback.js';
import type { Sink } from '../../lib/pipeline/delivery.js';
import type { CallbackRequest } from '../../lib/pipeline/callback.js';
import { tencent } from '../../lib/vendors/tencent/provider.js';
import { volcengine } from '../../lib/vendors/volcengine/provider.js';
import type { VendorName } from '../../lib/event/alert-event.js';
import type { NormalizeSettings } from '../../lib/config.js';

export const TEST_TOKEN = 'test-secret-Zq8!x';

/** The vendors' providers by name, as the registry loads them. */
export const VENDORS = { tencent, volcengine } as const;

export function testConfig(env: Record<string, string> = {}): AlerthookConfig {
  return loadConfig({ ALERTHOOK_TOKEN: TEST_TOKEN, ...env }, { sinkUrl: 'memory://test', vendors: registeredVendors() });
}

export function basicAuth(password: string, user = 'alerthook'): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function request(overrides: Omit<Partial<CallbackRequest>, 'body'> & { body?: CallbackRequest['body'] | string }): CallbackRequest {
  const { body, ...rest } = overrides;
  return {
    transport: 'local-http',
    method: 'POST',
    path: '/',
    headers: { authorization: basicAuth(TEST_TOKEN) },
    query: {},
    requestId: 'req-1',
    platformAuthenticated: false,
    ...rest,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : (body ?? null),
  };
}

export function testReceiver(vendor: VendorName, sink: Sink, options: { config?: AlerthookConfig; mode?: 'function' | 'local' } = {}) {
  const logs: LogFields[] = [];
  const receive = createCallbackReceiver({
    vendor: VENDORS[vendor],
    config: options.config ?? testConfig(),
    mode: options.mode ?? 'local',
    sink: async () => sink,
    log: (line) => logs.push(line),
  });
  return { receive, logs };
}

export const NORMALIZE_SETTINGS: NormalizeSettings = {
  defaultSeverity: 'warning',
  vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} },
};
