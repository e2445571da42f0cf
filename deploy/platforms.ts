import type { Env } from '../lib/env.js';
import { NATIVE_RUNTIME_PORT, type FunctionPlatform } from '../lib/function-platform.js';
import type { CloudDeployer } from './cloud-deployer.js';
import { cloudCredentials } from './cloud-credentials.js';
import { DeployError } from './deploy-error.js';
import { tencentScfDeployer } from './tencent-scf.js';
import { volcengineApi } from './volcengine-openapi.js';
import { vefaasDeployer } from './volcengine-vefaas.js';

/** A function's settings in serverless.yml (`functions.<key>`). */
export interface FunctionConfig {
  /** The vendor this function receives (`tencent`, `volcengine`): "cloud" in serverless.yml and `--param cloud=`. */
  cloud: string;
  handler?: string;
  runtime?: string;
  command?: string;
  port?: number;
  memorySize?: number;
  timeout?: number;
  /** The zip our plugin builds (artifact), or `disable` for a function of a cloud not being deployed. */
  package?: { artifact?: string; disable?: boolean };
}

export interface DeployContext {
  env: Env;
  functionName: string;
  fn: FunctionConfig;
  provider: { region?: string; namespace?: string; gateway?: string };
  /** `deploying to Tencent Cloud`, for messages naming what is missing. */
  what: string;
}

/**
 * How a deploy to an endpoint named in the environment waits: every 50 ms, and 2 s for a Function
 * URL. The tests' stand-ins change state per read, not with time, so there a wait is only slower,
 * never truer: ALERTHOOK_TEST_DEPLOY_POLL_MS (a test setting, never copied into the function) sets
 * their interval, and 1 s for the URL.
 */
function endpointPolling(env: Env): { pollIntervalMs: number; urlTimeoutMs: number } {
  const test = Number(env.ALERTHOOK_TEST_DEPLOY_POLL_MS ?? '');
  return test > 0 ? { pollIntervalMs: test, urlTimeoutMs: 1000 } : { pollIntervalMs: 50, urlTimeoutMs: 2000 };
}

/**
 * Each function platform a vendor's manifest can name: the cloud's title for messages, and how to
 * make its deployer from serverless.yml and the environment (credentials only from there). The
 * defaults apply where serverless.yml says nothing; see the comments there for the choices.
 */
export const PLATFORM_DEPLOYERS: Readonly<
  Record<FunctionPlatform, { title: string; defaultRuntime: string; create(context: DeployContext): CloudDeployer }>
> = {
  scf: {
    title: 'Tencent Cloud',
    defaultRuntime: 'Nodejs18.15',
    create({ env, functionName, fn, provider, what }) {
      const [secretId, secretKey] = cloudCredentials(env, ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'], what);
      const region = provider.region || env.TENCENTCLOUD_REGION || '';
      if (region === '') throw new DeployError(`${what} needs a region: TENCENTCLOUD_REGION or --param region=ap-guangzhou`);
      return tencentScfDeployer({
        secretId,
        secretKey,
        region,
        functionName,
        handler: fn.handler ?? 'index.main_handler',
        namespace: provider.namespace || 'default',
        runtime: functionRuntime(fn, 'scf'),
        memorySize: fn.memorySize ?? 128,
        timeout: fn.timeout ?? 10,
        // Deploy-only settings for stand-ins and private endpoints (never copied into the function).
        ...(env.ALERTHOOK_TENCENTCLOUD_ENDPOINT ? { endpoint: env.ALERTHOOK_TENCENTCLOUD_ENDPOINT, ...endpointPolling(env) } : {}),
      });
    },
  },
  vefaas: {
    title: 'Volcengine',
    defaultRuntime: 'native-node20/v1',
    create({ env, functionName, fn, provider, what }) {
      const [accessKey, secretKey] = cloudCredentials(env, ['VOLCENGINE_ACCESS_KEY', 'VOLCENGINE_SECRET_KEY'], what);
      const region = provider.region || env.VOLCENGINE_REGION || '';
      if (region === '') throw new DeployError(`${what} needs a region: VOLCENGINE_REGION or --param region=cn-beijing`);
      const api = volcengineApi({
        accessKey,
        secretKey,
        region,
        ...(env.ALERTHOOK_VOLCENGINE_ENDPOINT ? { endpoint: env.ALERTHOOK_VOLCENGINE_ENDPOINT } : {}),
      });
      return vefaasDeployer({
        api,
        functionName,
        runtime: functionRuntime(fn, 'vefaas'),
        command: fn.command ?? 'node server.js',
        port: fn.port ?? NATIVE_RUNTIME_PORT,
        memoryMb: fn.memorySize ?? 256,
        timeoutSeconds: fn.timeout ?? 10,
        ...(provider.gateway ? { gatewayId: provider.gateway } : {}),
        ...(env.ALERTHOOK_VOLCENGINE_ENDPOINT ? { pollIntervalMs: endpointPolling(env).pollIntervalMs } : {}),
      });
    },
  },
};

/** The runtime a function is created with: its serverless.yml `runtime`, else the platform's default. */
export function functionRuntime(fn: FunctionConfig, platform: FunctionPlatform): string {
  return fn.runtime ?? PLATFORM_DEPLOYERS[platform].defaultRuntime;
}
