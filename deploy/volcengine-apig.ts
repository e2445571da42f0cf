import { DeployError } from './deploy-error.js';
import type { VolcengineApi } from './volcengine-openapi.js';

/**
 * The HTTP entry of a veFaaS function on Volcengine's API gateway (apig): a gateway service named
 * `alerthook` on an existing serverless gateway, a `VeFaas` upstream named after the function and a
 * `/` route to it, each looked up by name first so a redeploy adds nothing. Routes are API version
 * 2022-11-12, everything else 2021-03-03, both signed as `apig`
 * (../shared/cloud-apis/volcengine-apig.md).
 */
const APIG = ['apig', '2021-03-03'] as const;
const APIG_ROUTES = ['apig', '2022-11-12'] as const;
const SERVICE_NAME = 'alerthook';
const PAGE = { PageNumber: 1, PageSize: 100 };

interface Named {
  Id: string;
  Name: string;
}
interface Upstream extends Named {
  UpstreamSpec?: { VeFaas?: { FunctionId?: string } };
}
interface Route extends Named {
  Domains?: { Domain?: string; Type?: string }[];
}

export interface GatewayRoute {
  gatewayId: string;
  serviceId: string;
  upstreamId: string;
  routeId: string;
  /** The route's public https address; null when the gateway reports none. */
  url: string | null;
}

export function apiGateway(api: VolcengineApi, options: { gatewayId?: string }) {
  async function gateway(): Promise<string> {
    const result = await api.call<{ Items?: { Id: string; Type?: string; Status?: string }[] }>(...APIG, 'ListGateways', PAGE);
    const items = result.Items ?? [];
    if (options.gatewayId) {
      if (!items.some((g) => g.Id === options.gatewayId))
        throw new DeployError(`no API gateway ${options.gatewayId} in this region (--param gateway)`);
      return options.gatewayId;
    }
    const found = items.find((g) => g.Type === 'serverless' && g.Status === 'Running');
    if (!found)
      throw new DeployError(
        'no running serverless API gateway in this region: create one (API 网关 → 实例, type serverless) or pass --param gateway=GATEWAY_ID',
      );
    return found.Id;
  }

  const service = async (gatewayId: string) =>
    (await api.call<{ Items?: Named[] }>(...APIG, 'ListGatewayServices', { GatewayId: gatewayId, ...PAGE })).Items?.find(
      (s) => s.Name === SERVICE_NAME,
    );
  const upstream = async (gatewayId: string, name: string) =>
    (await api.call<{ Items?: Upstream[] }>(...APIG, 'ListUpstreams', { GatewayId: gatewayId, ...PAGE })).Items?.find(
      (u) => u.Name === name,
    );
  const routes = async (serviceId: string) =>
    (await api.call<{ Items?: Route[] }>(...APIG_ROUTES, 'ListRoutes', { ServiceId: serviceId, ...PAGE })).Items ?? [];

  return {
    /** The route to `functionId` under `name`, made where missing; an upstream left pointing at an older function of that name is replaced. */
    async ensureRoute(name: string, functionId: string): Promise<GatewayRoute> {
      const gatewayId = await gateway();
      const serviceId =
        (await service(gatewayId))?.Id ??
        (
          await api.call<{ Id: string }>(...APIG, 'CreateGatewayService', {
            GatewayId: gatewayId,
            ServiceName: SERVICE_NAME,
            Protocol: ['HTTP', 'HTTPS'],
            AuthSpec: { Enable: false },
          })
        ).Id;
      let existingUpstream = await upstream(gatewayId, name);
      let route = (await routes(serviceId)).find((r) => r.Name === name);
      if (existingUpstream !== undefined && existingUpstream.UpstreamSpec?.VeFaas?.FunctionId !== functionId) {
        // The function was recreated (a new id): the old route and upstream lead nowhere.
        if (route) await api.call(...APIG_ROUTES, 'DeleteRoute', { Id: route.Id });
        await api.call(...APIG, 'DeleteUpstream', { Id: existingUpstream.Id });
        existingUpstream = undefined;
        route = undefined;
      }
      const upstreamId =
        existingUpstream?.Id ??
        (
          await api.call<{ Id: string }>(...APIG, 'CreateUpstream', {
            GatewayId: gatewayId,
            Name: name,
            SourceType: 'VeFaas',
            UpstreamSpec: { VeFaas: { FunctionId: functionId } },
          })
        ).Id;
      if (route === undefined) {
        await api.call(...APIG_ROUTES, 'CreateRoute', {
          ServiceId: serviceId,
          Name: name,
          Enable: true,
          MatchRule: { Path: { MatchType: 'Prefix', MatchContent: '/' }, Method: ['GET', 'HEAD', 'POST'] },
          UpstreamList: [{ UpstreamId: upstreamId, Weight: 100 }],
        });
        route = (await routes(serviceId)).find((r) => r.Name === name);
        if (route === undefined) throw new DeployError(`Volcengine API gateway: route ${name} not listed after CreateRoute`);
      }
      return { gatewayId, serviceId, upstreamId, routeId: route.Id, url: await urlOf(route, serviceId) };
    },

    /** The route's address, or null when there is no route. */
    async find(name: string): Promise<{ url: string | null } | null> {
      const gatewayId = await gateway();
      const svc = await service(gatewayId);
      const route = svc && (await routes(svc.Id)).find((r) => r.Name === name);
      return route ? { url: await urlOf(route, (svc as Named).Id) } : null;
    },

    /** Deletes the route and upstream; the shared service goes only once no route of anyone's is left on it. */
    async remove(name: string): Promise<boolean> {
      const gatewayId = await gateway().catch(() => undefined);
      if (gatewayId === undefined) return false;
      const svc = await service(gatewayId);
      const route = svc && (await routes(svc.Id)).find((r) => r.Name === name);
      if (route) await api.call(...APIG_ROUTES, 'DeleteRoute', { Id: route.Id });
      const up = await upstream(gatewayId, name);
      if (up) await api.call(...APIG, 'DeleteUpstream', { Id: up.Id });
      if (svc && (await routes(svc.Id)).length === 0) await api.call(...APIG, 'DeleteGatewayService', { Id: svc.Id });
      return Boolean(route || up);
    },
  };

  /** The route's public https address, as Volcengine's own tooling reads it; else the service's. */
  async function urlOf(route: Route, serviceId: string): Promise<string | null> {
    const fromRoute = publicHttpsUrl(route.Domains);
    if (fromRoute !== null) return fromRoute;
    const result = await api.call<{ GatewayService?: { Domains?: { Domain?: string; Type?: string }[] } }>(...APIG, 'GetGatewayService', {
      Id: serviceId,
    });
    return publicHttpsUrl(result.GatewayService?.Domains);
  }
}

/**
 * The address to paste among a gateway's domains. `Domain` values carry a scheme, and a route or
 * service can have several (http and https, public and private; the `Type` values are unconfirmed):
 * prefer https, then one not typed private. A value without a scheme is taken as an https host; an
 * http-only gateway gives its http address as it is. Ends with `/`.
 */
export function publicHttpsUrl(domains: readonly { Domain?: string; Type?: string }[] | undefined): string | null {
  const candidates = (domains ?? [])
    .filter((d) => typeof d.Domain === 'string' && d.Domain !== '')
    .map((d) => ({
      url: /^[a-z]+:\/\//i.test(d.Domain as string) ? (d.Domain as string) : `https://${d.Domain}`,
      type: (d.Type ?? '').toLowerCase(),
    }));
  const rank = (c: { url: string; type: string }) =>
    (c.url.startsWith('https://') ? 0 : 2) + (/private|inner|intranet/.test(c.type) ? 1 : 0);
  const best = candidates.sort((a, b) => rank(a) - rank(b))[0];
  if (best === undefined) return null;
  const url = new URL(best.url);
  return `${url.protocol}//${url.host}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
}
