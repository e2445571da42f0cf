import type { CloudDeployer, DeployedFunction } from './cloud-deployer.js';
import { DeployError } from './deploy-error.js';
import { poll } from './poll.js';
import { removeVefaasTimer, syncVefaasTimer } from './vefaas-timer.js';
import { apiGateway } from './volcengine-apig.js';
import { VolcengineApiError, type VolcengineApi } from './volcengine-openapi.js';

/**
 * Volcengine veFaaS through its OpenAPI (2024-06-06, signed `vefaas`) and the API gateway route in
 * front of it (volcengine-apig.ts). Facts and their sources: ../shared/cloud-apis/volcengine-vefaas.md.
 *
 * - Native runtimes (`native-node20/v1`) run `Command`, which must serve HTTP on `Port`: alerthook's
 *   `node server.js`. Classic runtimes (`node20/v1`) load `exports.handler` from index.js and take
 *   neither. The zip holds both entries, so the runtime is a setting.
 * - `Runtime` is create-only (UpdateFunction has no such field): a different one stops the deploy.
 * - Code goes up after the function exists: GetCodeUploadAddress, a PUT of the zip, then
 *   CodeUploadCallback, which its only known callers sign with version 2021-03-03.
 * - Release is asked at full weight (`TargetTrafficWeight: 100`; otherwise it may roll out in 10%
 *   steps and sit `inprogress`), and is done only when GetReleaseStatus reports `done` for a newer
 *   stable revision than before: right after Release it may still show the previous release's `done`.
 */

const VEFAAS = ['vefaas', '2024-06-06'] as const;
const VEFAAS_CODE_CALLBACK = ['vefaas', '2021-03-03'] as const;

export interface VefaasOptions {
  api: VolcengineApi;
  functionName: string;
  runtime: string;
  /** For native runtimes: the start command and the port it serves on. */
  command: string;
  port: number;
  memoryMb: number;
  timeoutSeconds: number;
  /** A serverless API gateway to attach to; by default the first running one in the region. */
  gatewayId?: string;
  pollIntervalMs?: number;
}

interface FunctionItem {
  Id: string;
  Name: string;
  Runtime?: string;
}

interface ReleaseStatus {
  Status?: string;
  StatusMessage?: string;
  ErrorCode?: string;
  StableRevisionNumber?: number;
  NewRevisionNumber?: number;
  FailedInstanceLogs?: string;
}

export function isNativeRuntime(runtime: string): boolean {
  return runtime.startsWith('native');
}

/**
 * Whether two runtime ids name the same runtime: the API may return a server-side alias
 * (`vefaas.base.python3.12.v1` for `python3.12/v1` in the vendor's own example).
 */
export function sameRuntime(a: string, b: string): boolean {
  const canonical = (id: string) =>
    id
      .toLowerCase()
      .replace(/^vefaas\./, '')
      .replace(/^base\./, '')
      .replace(/[^a-z0-9]/g, '');
  return canonical(a) === canonical(b);
}

export function vefaasDeployer(options: VefaasOptions): CloudDeployer {
  const { api, functionName } = options;
  const pollOptions = { intervalMs: options.pollIntervalMs ?? 3000, timeoutMs: 10 * 60_000 };
  const gateway = apiGateway(api, options.gatewayId ? { gatewayId: options.gatewayId } : {});
  const entry = isNativeRuntime(options.runtime) ? { Command: options.command, Port: options.port } : {};

  async function findFunction(): Promise<FunctionItem | undefined> {
    // Filtered by name, and matched exactly here too: whether the server applies a Name filter is unconfirmed.
    for (let page = 1; page <= 50; page++) {
      const result = await api.call<{ Items?: FunctionItem[]; Total?: number }>(...VEFAAS, 'ListFunctions', {
        PageNumber: page,
        PageSize: 100,
        Filters: [{ Name: 'Name', Values: [functionName] }],
      });
      const items = result.Items ?? [];
      const found = items.find((f) => f.Name === functionName);
      if (found !== undefined || items.length < 100) return found;
    }
    return undefined;
  }

  /** 2021-03-03 is the only version it is seen called at; should the service refuse that version, the current one is tried. */
  async function codeUploadCallback(functionId: string): Promise<void> {
    try {
      await api.call(...VEFAAS_CODE_CALLBACK, 'CodeUploadCallback', { FunctionId: functionId });
    } catch (error) {
      if (!(error instanceof VolcengineApiError) || !/^InvalidActionOrVersion|^InvalidVersion/.test(error.code ?? '')) throw error;
      await api.call(...VEFAAS, 'CodeUploadCallback', { FunctionId: functionId });
    }
  }

  const releaseStatus = (functionId: string) => api.call<ReleaseStatus>(...VEFAAS, 'GetReleaseStatus', { FunctionId: functionId });

  async function release(functionId: string): Promise<void> {
    // A release still rolling out (an earlier deploy cut short) must finish before another starts.
    const before = await poll(
      'an earlier veFaaS release to finish',
      () => releaseStatus(functionId),
      (s) => s.Status !== 'inprogress',
      pollOptions,
    );
    const previous = before.StableRevisionNumber ?? -1;
    const started = await api.call<ReleaseStatus>(...VEFAAS, 'Release', {
      FunctionId: functionId,
      RevisionNumber: 0,
      TargetTrafficWeight: 100,
      Description: 'alerthook deploy',
    });
    const target = typeof started.NewRevisionNumber === 'number' ? started.NewRevisionNumber : undefined;
    await poll(
      'the veFaaS release',
      () => releaseStatus(functionId),
      (s) => {
        const status = (s.Status ?? '').toLowerCase();
        if (status === 'failed') {
          const logs = (s.FailedInstanceLogs ?? '')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .slice(-3)
            .join(' | ');
          throw new DeployError(
            `Volcengine veFaaS release failed: ${s.ErrorCode ? `${s.ErrorCode}: ` : ''}${s.StatusMessage ?? 'no message'}${logs ? ` (instance log: ${logs})` : ''}`,
          );
        }
        const stable = s.StableRevisionNumber ?? -1;
        return status === 'done' && (target === undefined ? stable > previous : stable === target);
      },
      pollOptions,
    );
  }

  function describe(url: string | null): DeployedFunction {
    return {
      functionName,
      url,
      notes:
        url === null
          ? ['The API gateway reported no address for the route: find it in the console (API 网关 → the gateway → 服务 alerthook → 路由).']
          : [],
    };
  }

  return {
    async deploy(zip, environment) {
      const Envs = Object.entries(environment).map(([Key, Value]) => ({ Key, Value }));
      const settings = {
        ...entry,
        MemoryMB: options.memoryMb,
        RequestTimeout: options.timeoutSeconds,
        Description: 'alerthook: Volcengine CloudMonitor alarm callbacks',
        Envs,
      };
      let fn = await findFunction();
      if (fn === undefined) {
        const created = await api.call<{ Id: string }>(...VEFAAS, 'CreateFunction', {
          Name: functionName,
          Runtime: options.runtime,
          ...settings,
        });
        fn = { Id: created.Id, Name: functionName, Runtime: options.runtime };
      } else {
        if (fn.Runtime !== undefined && !sameRuntime(fn.Runtime, options.runtime)) {
          throw new DeployError(
            `Volcengine veFaaS function ${functionName} runs ${fn.Runtime}, and serverless.yml asks for ${options.runtime}: veFaaS cannot change a function's runtime. ` +
              `Set runtime: ${fn.Runtime} for it in serverless.yml, or run serverless remove and deploy again.`,
          );
        }
        await api.call(...VEFAAS, 'UpdateFunction', { Id: fn.Id, ...settings });
      }
      const functionId = fn.Id;
      const { UploadAddress } = await api.call<{ UploadAddress?: string }>(...VEFAAS, 'GetCodeUploadAddress', {
        FunctionId: functionId,
        ContentLength: zip.length,
      });
      if (!UploadAddress) throw new DeployError('Volcengine veFaaS GetCodeUploadAddress returned no address');
      const upload = await fetch(UploadAddress, {
        method: 'PUT',
        headers: { 'content-type': 'application/zip' },
        body: zip,
        signal: AbortSignal.timeout(120_000),
      }).catch((error: Error) => {
        throw new DeployError(`Volcengine veFaaS code upload failed: ${error.message}`);
      });
      if (!upload.ok) throw new DeployError(`Volcengine veFaaS code upload failed: HTTP ${upload.status}`);
      await codeUploadCallback(functionId);
      await release(functionId);
      const route = await gateway.ensureRoute(functionName, functionId);
      const deployed = describe(route.url);
      const timer = await syncVefaasTimer(api, functionId, environment);
      return timer === null ? deployed : { ...deployed, notes: [...deployed.notes, timer] };
    },
    async info() {
      if ((await findFunction()) === undefined) return null;
      const route = await gateway.find(functionName);
      return route === null ? null : describe(route.url);
    },
    async remove() {
      const removedRoute = await gateway.remove(functionName);
      const fn = await findFunction();
      if (fn) {
        await removeVefaasTimer(api, fn.Id);
        await api.call(...VEFAAS, 'DeleteFunction', { Id: fn.Id });
      }
      return removedRoute || fn !== undefined;
    },
  };
}
