import type { CloudDeployer, DeployedFunction } from './cloud-deployer.js';
import { DeployError, poll } from './deploy-error.js';
import type { VolcengineApi } from './volcengine-openapi.js';

/**
 * Volcengine veFaaS through its OpenAPI (2024-06-06), and its HTTP entry through the API gateway
 * OpenAPI (apig 2021-03-03, routes 2022-11-12): a function from the bundle zip (uploaded to the
 * address GetCodeUploadAddress gives, then released), a gateway service `alerthook` on an existing
 * serverless gateway, a VeFaas upstream for the function and a route to it. Each is looked up by
 * name first, so a redeploy updates in place and never adds a second trigger.
 */

const VEFAAS = ['vefaas', '2024-06-06'] as const;
const APIG = ['apig', '2021-03-03'] as const;
const APIG_ROUTES = ['apig', '2022-11-12'] as const;
const SERVICE_NAME = 'alerthook';

export interface VefaasOptions {
  api: VolcengineApi;
  functionName: string;
  runtime: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** A serverless API gateway to attach to; by default the first running one in the region. */
  gatewayId?: string;
  pollIntervalMs?: number;
}

interface Named {
  Id: string;
  Name: string;
}

export function vefaasDeployer(options: VefaasOptions): CloudDeployer {
  const { api, functionName } = options;
  const pollOptions = { intervalMs: options.pollIntervalMs ?? 3000, timeoutMs: 5 * 60_000 };

  async function findFunction(): Promise<Named | undefined> {
    const result = await api.call<{ Items?: Named[] }>(...VEFAAS, 'ListFunctions', { PageNumber: 1, PageSize: 100, Filters: [{ Item: { Key: 'Name', Value: [functionName] } }] });
    return result.Items?.find((f) => f.Name === functionName);
  }

  async function findGateway(): Promise<string> {
    if (options.gatewayId) return options.gatewayId;
    const result = await api.call<{ Items?: { Id: string; Type?: string; Status?: string }[] }>(...APIG, 'ListGateways', { PageNumber: 1, PageSize: 100 });
    const gateway = result.Items?.find((g) => g.Type === 'serverless' && g.Status === 'Running');
    if (!gateway) {
      throw new DeployError('no running serverless API gateway in this region: create one (API 网关 → 实例, type serverless) or pass --param gateway=GATEWAY_ID');
    }
    return gateway.Id;
  }

  async function findService(gatewayId: string): Promise<Named | undefined> {
    const result = await api.call<{ Items?: Named[] }>(...APIG, 'ListGatewayServices', { GatewayId: gatewayId, PageNumber: 1, PageSize: 100 });
    return result.Items?.find((s) => s.Name === SERVICE_NAME);
  }

  async function findUpstream(gatewayId: string): Promise<Named | undefined> {
    const result = await api.call<{ Items?: Named[] }>(...APIG, 'ListUpstreams', { GatewayId: gatewayId, PageNumber: 1, PageSize: 100 });
    return result.Items?.find((u) => u.Name === functionName);
  }

  async function findRoute(serviceId: string): Promise<Named | undefined> {
    const result = await api.call<{ Items?: Named[] }>(...APIG_ROUTES, 'ListRoutes', { ServiceId: serviceId, PageNumber: 1, PageSize: 100 });
    return result.Items?.find((r) => r.Name === functionName);
  }

  async function serviceUrl(serviceId: string): Promise<string> {
    const result = await api.call<{ GatewayService?: { Domains?: { Domain: string }[] } }>(...APIG, 'GetGatewayService', { Id: serviceId });
    const domain = result.GatewayService?.Domains?.[0]?.Domain;
    if (!domain) throw new DeployError(`Volcengine API gateway service ${SERVICE_NAME} has no domain`);
    return `https://${domain}/`;
  }

  function describe(url: string): DeployedFunction {
    return {
      cloud: 'volcengine',
      functionName,
      url,
      callbackUrl: url,
      instructions: [
        'CloudMonitor → 告警回调 (callback address) → a generic webhook with this URL.',
        'Turn on interface encryption (接口加密) and set its token to your ALERTHOOK_TOKEN: every call then carries it in a Token header.',
      ],
    };
  }

  return {
    async deploy(zip, environment) {
      const Envs = Object.entries(environment).map(([Key, Value]) => ({ Key, Value }));
      let fn = await findFunction();
      if (fn === undefined) {
        const created = await api.call<{ Id: string }>(...VEFAAS, 'CreateFunction', {
          Name: functionName,
          Runtime: options.runtime,
          MemoryMB: options.memoryMb,
          RequestTimeout: options.timeoutSeconds,
          Description: 'alerthook: Volcengine CloudMonitor alarm callbacks',
          Envs,
        });
        fn = { Id: created.Id, Name: functionName };
      } else {
        await api.call(...VEFAAS, 'UpdateFunction', { Id: fn.Id, Runtime: options.runtime, MemoryMB: options.memoryMb, RequestTimeout: options.timeoutSeconds, Envs });
      }
      const functionId = fn.Id;
      const { UploadAddress } = await api.call<{ UploadAddress?: string }>(...VEFAAS, 'GetCodeUploadAddress', { FunctionId: functionId, ContentLength: zip.length });
      if (!UploadAddress) throw new DeployError('Volcengine veFaaS GetCodeUploadAddress returned no address');
      const upload = await fetch(UploadAddress, { method: 'PUT', headers: { 'content-type': 'application/zip' }, body: zip, signal: AbortSignal.timeout(120_000) }).catch((error: Error) => {
        throw new DeployError(`Volcengine veFaaS code upload failed: ${error.message}`);
      });
      if (!upload.ok) throw new DeployError(`Volcengine veFaaS code upload failed: HTTP ${upload.status}`);
      await api.call(...VEFAAS, 'CodeUploadCallback', { FunctionId: functionId });
      await api.call(...VEFAAS, 'Release', { FunctionId: functionId, RevisionNumber: 0, Description: 'alerthook deploy' });
      await poll(
        'the veFaaS release',
        () => api.call<{ Status?: string; StatusMessage?: string }>(...VEFAAS, 'GetReleaseStatus', { FunctionId: functionId }),
        (s) => {
          if (/fail/i.test(s.Status ?? '')) throw new DeployError(`Volcengine veFaaS release failed: ${s.StatusMessage ?? s.Status}`);
          return /^(done|succeeded|success)$/i.test(s.Status ?? '');
        },
        pollOptions,
      );

      const gatewayId = await findGateway();
      const serviceId =
        (await findService(gatewayId))?.Id ??
        (await api.call<{ Id: string }>(...APIG, 'CreateGatewayService', { GatewayId: gatewayId, ServiceName: SERVICE_NAME, Protocol: ['HTTP', 'HTTPS'], AuthSpec: { Enable: false } })).Id;
      const upstreamId =
        (await findUpstream(gatewayId))?.Id ??
        (await api.call<{ Id: string }>(...APIG, 'CreateUpstream', { GatewayId: gatewayId, Name: functionName, SourceType: 'VeFaas', UpstreamSpec: { VeFaas: { FunctionId: functionId } } })).Id;
      if ((await findRoute(serviceId)) === undefined) {
        await api.call(...APIG_ROUTES, 'CreateRoute', {
          ServiceId: serviceId,
          Name: functionName,
          Enable: true,
          MatchRule: { Path: { MatchType: 'Prefix', MatchContent: '/' }, Method: ['GET', 'HEAD', 'POST'] },
          UpstreamList: [{ UpstreamId: upstreamId, Weight: 100 }],
        });
      }
      return describe(await serviceUrl(serviceId));
    },
    async info() {
      if ((await findFunction()) === undefined) return null;
      const gatewayId = await findGateway();
      const service = await findService(gatewayId);
      if (service === undefined || (await findRoute(service.Id)) === undefined) return null;
      return describe(await serviceUrl(service.Id));
    },
    async remove() {
      const fn = await findFunction();
      let removed = false;
      const gatewayId = await findGateway().catch(() => undefined);
      if (gatewayId !== undefined) {
        const service = await findService(gatewayId);
        const route = service && (await findRoute(service.Id));
        if (route) await api.call(...APIG_ROUTES, 'DeleteRoute', { Id: route.Id });
        const upstream = await findUpstream(gatewayId);
        if (upstream) await api.call(...APIG, 'DeleteUpstream', { Id: upstream.Id });
        const routesLeft = service ? (await api.call<{ Items?: Named[] }>(...APIG_ROUTES, 'ListRoutes', { ServiceId: service.Id, PageNumber: 1, PageSize: 100 })).Items ?? [] : [];
        // The gateway service is shared by name; it goes only once no route of anyone's is left on it.
        if (service && routesLeft.length === 0) await api.call(...APIG, 'DeleteGatewayService', { Id: service.Id });
        removed = Boolean(route || upstream);
      }
      if (fn) {
        await api.call(...VEFAAS, 'DeleteFunction', { Id: fn.Id });
        removed = true;
      }
      return removed;
    },
  };
}
