import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { scf } from 'tencentcloud-sdk-nodejs-scf';
import type { CloudDeployer, DeployedFunction } from './cloud-deployer.js';
import { DeployError, poll } from './deploy-error.js';

/**
 * Tencent SCF through the scf module of tencentcloud-sdk-nodejs (API 2018-04-16, TC3-HMAC-SHA256
 * signing by the SDK). An event function from the bundle zip, its environment, and a Function URL
 * (`CreateTrigger` with `Type: "http"`), created only when the function has none.
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
}

const HTTP_TRIGGER = 'alerthook-url';
type ScfClient = InstanceType<typeof scf.v20180416.Client>;

export function tencentScfDeployer(options: TencentScfOptions): CloudDeployer {
  const client = scfClient(options);
  const base = { FunctionName: options.functionName, Namespace: options.namespace };
  const pollOptions = { intervalMs: options.pollIntervalMs ?? 3000, timeoutMs: 5 * 60_000 };

  const call = async <T>(action: string, run: (c: ScfClient) => Promise<T>): Promise<T> => {
    try {
      return await run(client);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      throw new DeployError(`Tencent SCF ${action} failed: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
    }
  };

  async function getFunction() {
    try {
      return await client.GetFunction(base);
    } catch (error) {
      if (String((error as { code?: string }).code ?? '').startsWith('ResourceNotFound')) return null;
      const e = error as { code?: string; message?: string };
      throw new DeployError(`Tencent SCF GetFunction failed: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
    }
  }

  const waitActive = () =>
    poll('the SCF function to become Active', getFunction, (f) => {
      if (f?.Status === 'CreateFailed' || f?.Status === 'UpdateFailed') throw new DeployError(`Tencent SCF function ${options.functionName} is ${f.Status}: ${f.StatusDesc ?? ''}`);
      return f?.Status === 'Active';
    }, pollOptions);

  function describe(f: Awaited<ReturnType<typeof getFunction>>): DeployedFunction | null {
    const trigger = f?.Triggers?.find((t) => t.Type === 'http');
    if (!trigger) return null;
    let url = '';
    try {
      url = JSON.parse(trigger.TriggerDesc ?? '{}')?.NetConfig?.ExtranetUrl ?? '';
    } catch {
      url = '';
    }
    if (url === '') return null;
    const host = new URL(url).host;
    return {
      cloud: 'tencent',
      functionName: options.functionName,
      url,
      callbackUrl: `https://alerthook:<ALERTHOOK_TOKEN>@${host}/`,
      instructions: [
        'Cloud Monitor → 告警策略 → your policy → 接口回调: paste the callback URL with your secret in place of <ALERTHOOK_TOKEN>.',
        'Tencent authenticates callbacks only by these Basic credentials in the URL.',
      ],
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
        await waitActive();
      } else {
        await call('UpdateFunctionCode', (c) => c.UpdateFunctionCode({ ...base, Handler: options.handler, ZipFile }));
        await waitActive();
        await call('UpdateFunctionConfiguration', (c) => c.UpdateFunctionConfiguration({ ...base, Runtime: options.runtime, MemorySize: options.memorySize, Timeout: options.timeout, Environment }));
        await waitActive();
      }
      let deployed = describe(await getFunction());
      if (deployed === null) {
        await call('CreateTrigger', (c) =>
          c.CreateTrigger({
            ...base,
            TriggerName: HTTP_TRIGGER,
            Type: 'http',
            TriggerDesc: JSON.stringify({ AuthType: 'NONE', NetConfig: { EnableIntranet: false, EnableExtranet: true } }),
            Enable: 'OPEN',
          }),
        );
        deployed = describe(await waitActive());
      }
      if (deployed === null) throw new DeployError(`Tencent SCF: the Function URL of ${options.functionName} did not appear`);
      return deployed;
    },
    async info() {
      return describe(await getFunction());
    },
    async remove() {
      if ((await getFunction()) === null) return false;
      // Deleting the function deletes its triggers, the Function URL among them.
      await call('DeleteFunction', (c) => c.DeleteFunction(base));
      return true;
    },
  };
}

function scfClient(options: TencentScfOptions): ScfClient {
  const host = 'scf.tencentcloudapi.com';
  if (options.endpoint === undefined) {
    return new scf.v20180416.Client({ credential: { secretId: options.secretId, secretKey: options.secretKey }, region: options.region, profile: { httpProfile: { endpoint: host } } });
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
