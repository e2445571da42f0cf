import { describe, expect, it } from 'vitest';
import { DeployError } from '../../deploy/deploy-error.js';
import { functionEnvironment } from '../../deploy/function-environment.js';

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
});
