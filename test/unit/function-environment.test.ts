import { describe, expect, it } from 'vitest';
import { DeployError } from '../../deploy/deploy-error.js';
import { functionEnvironment } from '../../deploy/function-environment.js';
import { registeredVendors } from '../../lib/vendors/registry.js';

// The deploying shell's ALERTHOOK_* variables become the function's configuration, but not the deploy
// tooling's own settings (endpoints of stand-ins, the node that makes the code cache: a local path).

describe("the function's environment", () => {
  it('takes the settings, leaves out test, deploy-only and empty ones (naming the empty)', () => {
    const { environment, leftOut } = functionEnvironment({
      ALERTHOOK_TOKEN: 's',
      ALERTHOOK_HEARTBEAT: '1',
      ALERTHOOK_DEFAULT_SEVERITY: '',
      ALERTHOOK_TEST_AMQP_URL: 'amqp://x',
      ALERTHOOK_TENCENTCLOUD_ENDPOINT: 'http://127.0.0.1:1',
      ALERTHOOK_CODE_CACHE_NODE: '/home/me/.nvm/versions/node/v18.15.0/bin/node',
      PATH: '/usr/bin',
    });
    expect(environment).toEqual({ ALERTHOOK_TOKEN: 's', ALERTHOOK_HEARTBEAT: '1' });
    expect(leftOut).toEqual(['ALERTHOOK_DEFAULT_SEVERITY']);
  });

  it('refuses a setting the function would refuse, rather than deploying a function that answers every callback 503', () => {
    expect(() => functionEnvironment({ ALERTHOOK_TOKEN: 's', ALERTHOOK_HEARTBEAT: 'enabled' })).toThrow(
      /^the function's configuration: ALERTHOOK_HEARTBEAT must be 1 or 0 .*got "enabled"$/,
    );
    expect(() => functionEnvironment({ ALERTHOOK_TOKEN: 's', ALERTHOOK_TIME_BUDGET_MS: '4s' })).toThrow(DeployError);
  });

  it('refuses sink and fallback URLs the function would refuse, and a switched-off anonymous mode without a token', () => {
    for (const env of [
      { ALERTHOOK_SINK: 'ftp://x/y' },
      { ALERTHOOK_SINK: 'kafka://' },
      { ALERTHOOK_FALLBACK: 'ftp://x/y' },
      { ALERTHOOK_DEAD_LETTER: 'file:/one-slash' },
    ])
      expect(() => functionEnvironment({ ALERTHOOK_TOKEN: 's', ...env }), JSON.stringify(env)).toThrow(/^the function's configuration: /);
    expect(() => functionEnvironment({ ALERTHOOK_ALLOW_ANONYMOUS: '0' })).toThrow(/set ALERTHOOK_TOKEN/);
    expect(functionEnvironment({ ALERTHOOK_ALLOW_ANONYMOUS: '1' }).environment).toEqual({ ALERTHOOK_ALLOW_ANONYMOUS: '1' });
  });

  it("reads only the deployed vendors' own settings, as the function does", () => {
    const volcengine = registeredVendors().filter((v) => v.name === 'volcengine');
    expect(() => functionEnvironment({ ALERTHOOK_TOKEN: 's', ALERTHOOK_TENCENT_UTC_OFFSET: 'nonsense' }, volcengine)).not.toThrow();
    expect(() => functionEnvironment({ ALERTHOOK_TOKEN: 's', ALERTHOOK_TENCENT_UTC_OFFSET: 'nonsense' })).toThrow(
      /ALERTHOOK_TENCENT_UTC_OFFSET/,
    );
  });
});
