import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { scf } from 'tencentcloud-sdk-nodejs-scf';
import { errorMessage } from '../lib/errors.js';
import type { CloudDeployer, DeployedFunction } from './cloud-deployer.js';
import { DeployError } from './deploy-error.js';
import { poll } from './poll.js';
import { syncScfTimer } from './scf-timer.js';

/**
 * Tencent SCF through the scf module of tencentcloud-sdk-nodejs (API 2018-04-16, TC3-HMAC-SHA256
 * signing by the SDK): an event function from the bundle zip and its environment, and a Function URL
 * (`CreateTrigger` with `Type: "http"`), created only when the function has none. Facts and their
 * sources: ../shared/cloud-apis/tencent-scf.md.
 *
 * - Create and update are asynchronous: the function is `Creating`/`Updating` and calls made then
 *   fail with FailedOperation.*, so every call waits for `Active` first.
 * - `Runtime` is fixed at creation: a different configured runtime stops the deploy with a message.
 * - The Function URL shows up in the trigger's `TriggerDesc` (a JSON string) some time after the
 *   trigger is created, at `NetConfig.ExtranetUrl` as far as is known; it is polled for, read
 *   defensively, and when it never appears the deploy says where the console shows it.
 */

export interface TencentScfOptions {
  secretId: string;
  secretKey: string;
  region: string;
  functionName: string;
  /** `index.main_handler`: the bundle's index.js exports SCF's default handler name. */
  handler: string;
  namespace: string;
  runtime: string;
  memorySize: number;
  timeout: number;
  /** A stand-in for the API (tests, private endpoints): `http://host:port`. Signing stays as for the real host. */
  endpoint?: string;
  pollIntervalMs?: number;
  /** How long to wait for the Function URL to be reported (default 60 s). */
  urlTimeoutMs?: number;
}

const HTTP_TRIGGER = 'alerthook-url';
const CONSOLE_HINT = 'SCF console → 函数服务 → the function → 函数管理 → 函数 URL (Function URL)';
type ScfClient = InstanceType<typeof scf.v20180416.Client>;
type ScfFunction = Awaited<ReturnType<ScfClient['GetFunction']>>;

export function tencentScfDeployer(options: TencentScfOptions): CloudDeployer {
  const client = scfClient(options);
  const base = { FunctionName: options.functionName, Namespace: options.namespace };
  const pollOptions = { intervalMs: options.pollIntervalMs ?? 3000, timeoutMs: 5 * 60_000 };

  const fail = (action: string, error: unknown) => {
    const code = (error as { code?: unknown }).code;
    return new DeployError(
      `Tencent SCF ${action} failed: ${typeof code === 'string' && code !== '' ? `${code}: ` : ''}${errorMessage(error)}`,
    );
  };
  const call = async <T>(action: string, run: (c: ScfClient) => Promise<T>): Promise<T> => {
    try {
      return await run(client);
    } catch (error) {
      throw fail(action, error);
    }
  };

  async function getFunction(): Promise<ScfFunction | null> {
    try {
      return await client.GetFunction(base);
    } catch (error) {
      if (String((error as { code?: string }).code ?? '').startsWith('ResourceNotFound')) return null;
      throw fail('GetFunction', error);
    }
  }

  /** Waits until the function is Active (it is Creating or Updating after each change). */
  const waitActive = () =>
    poll(
      `the SCF function ${options.functionName} to become Active`,
      getFunction,
      (f) => {
        if (f === null) throw new DeployError(`Tencent SCF function ${options.functionName} disappeared while deploying`);
        if (/Failed$/.test(f.Status ?? ''))
          throw new DeployError(
            `Tencent SCF function ${options.functionName} is ${f.Status}: ${f.StatusDesc ?? ''}${(f.StatusReasons ?? []).map((r) => ` ${r.ErrorCode}: ${r.ErrorMessage}`).join(';')}`,
          );
        return f.Status === 'Active';
      },
      pollOptions,
    ) as Promise<ScfFunction>;

  function describe(f: ScfFunction): DeployedFunction | null {
    const trigger = httpTrigger(f);
    if (trigger === undefined) return null;
    const url = functionUrlOf(trigger.TriggerDesc);
    return {
      functionName: options.functionName,
      url,
      notes:
        url === null
          ? [
              `The Function URL was not reported by the API; its trigger description is: ${trigger.TriggerDesc ?? '(empty)'}`,
              `Find the URL in the ${CONSOLE_HINT}; the callback URL is then https://alerthook:<ALERTHOOK_TOKEN>@<that host>/`,
            ]
          : [],
    };
  }

  return {
    async deploy(zip, environment) {
      const Environment = { Variables: Object.entries(environment).map(([Key, Value]) => ({ Key, Value })) };
      const ZipFile = Buffer.from(zip).toString('base64');
      const existing = await getFunction();
      if (existing === null) {
        await call('CreateFunction', (c) =>
          c.CreateFunction({
            ...base,
            Runtime: options.runtime,
            Handler: options.handler,
            Type: 'Event',
            MemorySize: options.memorySize,
            Timeout: options.timeout,
            Description: 'alerthook: Tencent Cloud Monitor alarm callbacks',
            Code: { ZipFile },
            Environment,
          }),
        );
      } else {
        if (existing.Runtime !== undefined && existing.Runtime !== options.runtime) {
          throw new DeployError(
            `Tencent SCF function ${options.functionName} runs ${existing.Runtime}, and serverless.yml asks for ${options.runtime}: SCF cannot change a function's runtime. ` +
              `Set runtime: ${existing.Runtime} for it in serverless.yml, or run serverless remove and deploy again.`,
          );
        }
        await waitActive(); // an earlier change may still be in progress
        await call('UpdateFunctionCode', (c) => c.UpdateFunctionCode({ ...base, Handler: options.handler, ZipFile }));
        await waitActive();
        await call('UpdateFunctionConfiguration', (c) =>
          c.UpdateFunctionConfiguration({
            ...base,
            MemorySize: options.memorySize,
            Timeout: options.timeout,
            Environment,
            Description: 'alerthook: Tencent Cloud Monitor alarm callbacks',
          }),
        );
      }
      let fn = await waitActive();
      if (httpTrigger(fn) === undefined) {
        await call('CreateTrigger', (c) =>
          c.CreateTrigger({
            ...base,
            TriggerName: HTTP_TRIGGER,
            Type: 'http',
            TriggerDesc: JSON.stringify({ AuthType: 'NONE', NetConfig: { EnableIntranet: false, EnableExtranet: true } }),
            Enable: 'OPEN',
          }),
        );
      }
      // The URL is filled in some time after the trigger is made.
      try {
        fn = await poll('the Function URL', waitActive, (f) => functionUrlOf(httpTrigger(f)?.TriggerDesc) !== null, {
          intervalMs: pollOptions.intervalMs,
          timeoutMs: options.urlTimeoutMs ?? 60_000,
        });
      } catch (error) {
        if (!(error instanceof DeployError) || !/timed out/.test(error.message)) throw error;
        fn = await waitActive();
      }
      const deployed = describe(fn);
      if (deployed === null)
        throw new DeployError(`Tencent SCF: the function ${options.functionName} has no HTTP trigger after CreateTrigger`);
      const timer = await syncScfTimer(call, base, environment);
      return timer === null ? deployed : { ...deployed, notes: [...deployed.notes, timer] };
    },
    async info() {
      const fn = await getFunction();
      return fn === null ? null : describe(fn);
    },
    async remove() {
      const fn = await getFunction();
      if (fn === null) return false;
      if (fn.Status !== 'Active') await waitActive();
      // Deleting the function deletes its triggers, the Function URL and the redrive timer among them.
      await call('DeleteFunction', (c) => c.DeleteFunction(base));
      return true;
    },
  };
}

function httpTrigger(f: ScfFunction | null): { TriggerDesc?: string } | undefined {
  return f?.Triggers?.find((t) => t.Type === 'http');
}

/**
 * The public URL in a Function URL trigger's description. `TriggerDesc` is a JSON string; the URL
 * is at `NetConfig.ExtranetUrl` in the only public code that reads it (unconfirmed by Tencent's
 * models), so any https URL on tencentscf.com found in the description is taken too.
 */
export function functionUrlOf(triggerDesc: unknown): string | null {
  let desc: unknown = triggerDesc;
  if (typeof desc === 'string') {
    try {
      desc = JSON.parse(desc);
    } catch {
      return null;
    }
  }
  const netConfig = (desc as { NetConfig?: Record<string, unknown> } | null)?.NetConfig;
  const named = netConfig?.ExtranetUrl ?? netConfig?.ExtranetURL;
  if (typeof named === 'string' && /^https?:\/\//.test(named)) return named;
  const found = JSON.stringify(desc ?? null).match(/https:\/\/[^"\\\s]+\.tencentscf\.com[^"\\\s]*/);
  return found ? found[0] : null;
}

function scfClient(options: TencentScfOptions): ScfClient {
  const host = 'scf.tencentcloudapi.com';
  if (options.endpoint === undefined) {
    return new scf.v20180416.Client({
      credential: { secretId: options.secretId, secretKey: options.secretKey },
      region: options.region,
      profile: { httpProfile: { endpoint: host } },
    });
  }
  // The SDK takes the signing scope ("scf") from the endpoint's first label and signs its host, so
  // a stand-in keeps the real host name and is reached by resolving that name to the stand-in.
  const target = new URL(options.endpoint);
  const lookup = ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
    o.all ? cb(null, [{ address: target.hostname, family: 4 }]) : cb(null, target.hostname, 4)) as never;
  const agent = target.protocol === 'https:' ? new HttpsAgent({ lookup }) : new Agent({ lookup });
  return new scf.v20180416.Client({
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: options.region,
    profile: { httpProfile: { endpoint: `${host}:${target.port}`, protocol: `${target.protocol}//`, agent } },
  });
}
