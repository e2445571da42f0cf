import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { verifyVolcengineSignature } from './volcengine-signature.js';
import { VEFAAS_TIMER_ACTIONS, type VefaasTimer, vefaasTimers } from './vefaas-timers-stand-in.js';

/**
 * Volcengine's OpenAPI for veFaaS (2024-06-06, signed `vefaas`) and the API gateway (apig: 2021-03-03,
 * routes 2022-11-12, signed `apig`) as ../shared/cloud-apis/volcengine-vefaas.md and
 * volcengine-apig.md describe them, written from those references and not from the deployer. It
 * answers only the listed actions at their listed versions, checks every V4 signature, and refuses
 * unknown fields, missing required ones and values outside the listed ones, in the
 * `ResponseMetadata.Error` envelope. It models what is asynchronous: a release is `inprogress` for a
 * few reads and then `done`, and one asked below full weight rolls in steps and stays `inprogress`.
 *
 * Where the references say *unconfirmed*, the behaviour is an option, so a test covers each answer.
 */
export interface VolcengineStandInOptions {
  accessKey: string;
  secretKey: string;
  region?: string;
  /** Runtimes CreateFunction accepts (node20/v1 may be withdrawn; the MCP list has only native ones since 2025-09). */
  runtimes?: readonly string[];
  /** Whether GetFunction/ListFunctions report the runtime as a server-side alias (`vefaas.native.node20.v1`). */
  runtimeAliases?: boolean;
  /** Versions CodeUploadCallback is accepted at (only 2021-03-03 is seen in use). */
  codeUploadCallbackVersions?: readonly string[];
  /** Whether ListFunctions applies a `Name` filter or ignores filters and lists everything. */
  listFilter?: 'applied' | 'ignored';
  /** GetReleaseStatus reads, after a Release, that still report the previous release. */
  staleReleaseReads?: number;
  /** GetReleaseStatus reads a full-weight release stays `inprogress` before `done`. */
  rolloutReads?: number;
  /** Whether gateway-service Domains carry a scheme (route Domains always do). */
  serviceDomainsHaveScheme?: boolean;
  /** Whether routes report their Domains at all (the deployer then falls back to the service's). */
  routeDomains?: boolean;
  /** The region's API gateways. */
  gateways?: { Id: string; Name: string; Type: 'standard' | 'serverless'; Status: 'Running' | 'Creating' | 'Failed' }[];
  failAction?: { action: string; code: string; message: string };
}

export interface VolcengineCall {
  action: string;
  version: string;
  service: string;
  body: Record<string, any>;
  signatureValid: boolean;
  error?: string;
}

interface VefaasFunction {
  Id: string;
  Name: string;
  Runtime: string;
  Command?: string;
  Port?: number;
  MemoryMB?: number;
  RequestTimeout?: number;
  Envs: Record<string, string>;
  zip: Buffer | null;
  /** Uploaded since the last callback: not yet released code. */
  uploaded: boolean;
  codeReady: boolean;
  release: {
    status: 'pending' | 'inprogress' | 'done' | 'failed';
    stable: number;
    newRev?: number;
    oldRev?: number;
    weight: number;
    readsLeft: number;
    staleLeft: number;
    stale?: { status: string; stable: number };
  };
  revisions: number;
}

export interface VolcengineStandIn {
  url: string;
  calls: VolcengineCall[];
  functions: Map<string, VefaasFunction>;
  timers: Map<string, VefaasTimer>;
  services: Map<string, { Name: string; GatewayId: string }>;
  upstreams: Map<string, { Name: string; GatewayId: string; FunctionId: string }>;
  routes: Map<string, { Name: string; ServiceId: string; UpstreamId: string }>;
  close(): Promise<void>;
}

const NATIVE = /^native/;
export const VEFAAS_RUNTIMES = [
  'native-node20/v1',
  'native-python3.12/v1',
  'native/v1',
  'node20/v1',
  'node14/v1',
  'python3.9/v1',
  'python3.12/v1',
  'golang/v1',
] as const;

const Envs = z.array(z.strictObject({ Key: z.string().min(1), Value: z.string().min(1) }));
const Page = { PageNumber: z.number().int().min(1).optional(), PageSize: z.number().int().min(1).max(100).optional() };
const Opaque = z.unknown().optional();
const FUNCTION_EXTRAS = {
  Description: z.string().optional(),
  MemoryMB: z.number().int().optional(),
  RequestTimeout: z.number().int().optional(),
  MaxConcurrency: z.number().int().min(10).max(1000).optional(),
  ExclusiveMode: z.boolean().optional(),
  Envs: Envs.optional(),
  SourceType: z.enum(['tos', 'zip', 'image']).optional(),
  Source: z.string().optional(),
  SourceAccessConfig: Opaque,
  CpuMilli: z.number().int().optional(),
  InitializerSec: z.number().int().optional(),
  Role: z.string().optional(),
  ProjectName: z.string().optional(),
  EnableApmplus: z.boolean().optional(),
  EnableZTIToken: z.boolean().optional(),
  VpcConfig: Opaque,
  TlsConfig: Opaque,
  NasStorage: Opaque,
  TosMountConfig: Opaque,
  EfsMountConfig: Opaque,
  AsyncTaskConfig: Opaque,
  Tags: z.array(z.strictObject({ Key: z.string(), Value: z.string() })).optional(),
  Command: z.string().min(1).optional(),
  Port: z.number().int().min(1).max(65535).optional(),
};
const DomainSpec = z.strictObject({ Domain: z.string(), Type: z.string() });
const MatchValue = z.strictObject({ MatchType: z.enum(['Prefix', 'Exact', 'Regex']), MatchContent: z.string() });

/** Each action: its service, the versions it answers at, and its request. */
const ACTIONS: Record<string, { service: 'vefaas' | 'apig'; versions: readonly string[]; request: z.ZodType }> = {
  ListFunctions: {
    service: 'vefaas',
    versions: ['2024-06-06'],
    request: z.strictObject({
      ...Page,
      Filters: z.array(z.strictObject({ Name: z.string(), Values: z.array(z.string()) })).optional(),
      TagFilters: z.array(z.strictObject({ Key: z.string(), Values: z.array(z.string()) })).optional(),
    }),
  },
  CreateFunction: {
    service: 'vefaas',
    versions: ['2024-06-06'],
    request: z.strictObject({
      Name: z.string().min(1),
      Runtime: z.string().min(1),
      InstanceType: z.string().optional(),
      CpuStrategy: z.string().optional(),
      Cell: z.string().optional(),
      ...FUNCTION_EXTRAS,
    }),
  },
  // No Runtime and no Name: both are create-only.
  UpdateFunction: { service: 'vefaas', versions: ['2024-06-06'], request: z.strictObject({ Id: z.string().min(1), ...FUNCTION_EXTRAS }) },
  GetFunction: { service: 'vefaas', versions: ['2024-06-06'], request: z.strictObject({ Id: z.string().min(1) }) },
  DeleteFunction: { service: 'vefaas', versions: ['2024-06-06'], request: z.strictObject({ Id: z.string().min(1) }) },
  GetCodeUploadAddress: {
    service: 'vefaas',
    versions: ['2024-06-06'],
    request: z.strictObject({ FunctionId: z.string().min(1), ContentLength: z.number().int().min(1) }),
  },
  CodeUploadCallback: { service: 'vefaas', versions: ['2021-03-03'], request: z.strictObject({ FunctionId: z.string().min(1) }) },
  Release: {
    service: 'vefaas',
    versions: ['2024-06-06'],
    request: z.strictObject({
      FunctionId: z.string().min(1),
      RevisionNumber: z.number().int().min(0),
      TargetTrafficWeight: z.number().int().min(0).max(100).optional(),
      RollingStep: z.number().int().min(1).max(100).optional(),
      Description: z.string().optional(),
      MaxInstance: z.number().int().min(0).optional(),
      MinInstance: z.number().int().min(0).optional(),
    }),
  },
  GetReleaseStatus: { service: 'vefaas', versions: ['2024-06-06'], request: z.strictObject({ FunctionId: z.string().min(1) }) },
  ListTriggers: { service: 'vefaas', versions: ['2024-06-06'], request: z.strictObject({ FunctionId: z.string().min(1) }) },
  ...Object.fromEntries(
    Object.entries(VEFAAS_TIMER_ACTIONS).map(([name, request]) => [
      name,
      { service: 'vefaas' as const, versions: ['2024-06-06'], request },
    ]),
  ),
  ListGateways: {
    service: 'apig',
    versions: ['2021-03-03'],
    request: z.strictObject({
      ...Page,
      ProjectName: z.string().optional(),
      Filter: z
        .strictObject({
          Ids: z.array(z.string()).optional(),
          Name: z.string().optional(),
          Status: z.string().optional(),
          Type: z.string().optional(),
          VpcIds: z.array(z.string()).optional(),
        })
        .optional(),
    }),
  },
  ListGatewayServices: {
    service: 'apig',
    versions: ['2021-03-03'],
    request: z.strictObject({
      GatewayId: z.string().optional(),
      ...Page,
      Filter: z
        .strictObject({
          GatewayType: z.string().optional(),
          Name: z.string().optional(),
          ServiceType: z.string().optional(),
          Status: z.string().optional(),
        })
        .optional(),
    }),
  },
  GetGatewayService: { service: 'apig', versions: ['2021-03-03'], request: z.strictObject({ Id: z.string().min(1) }) },
  CreateGatewayService: {
    service: 'apig',
    versions: ['2021-03-03'],
    request: z.strictObject({
      GatewayId: z.string().min(1),
      ServiceName: z.string().min(1),
      Protocol: z.array(z.enum(['HTTP', 'HTTPS'])).optional(),
      AuthSpec: z.strictObject({ Enable: z.boolean() }).optional(),
      Comments: z.string().optional(),
      DomainType: z.string().optional(),
      CustomDomains: Opaque,
      ServiceNetworkSpec: Opaque,
      ServiceType: z.string().optional(),
    }),
  },
  DeleteGatewayService: { service: 'apig', versions: ['2021-03-03'], request: z.strictObject({ Id: z.string().min(1) }) },
  CreateUpstream: {
    service: 'apig',
    versions: ['2021-03-03'],
    request: z.strictObject({
      GatewayId: z.string().min(1),
      Name: z.string().min(1),
      SourceType: z.enum(['VeFaas', 'ECS', 'FixedIP', 'K8S', 'Nacos', 'Domain', 'AIProvider', 'VeMLP']),
      UpstreamSpec: z.record(z.string(), z.unknown()).optional(),
      Protocol: z.enum(['HTTP', 'HTTP2', 'GRPC']).optional(),
      Comments: z.string().optional(),
      LoadBalancerSettings: Opaque,
      TlsSettings: Opaque,
      CircuitBreakingSettings: Opaque,
      ConnectionPoolSettings: Opaque,
    }),
  },
  ListUpstreams: {
    service: 'apig',
    versions: ['2021-03-03'],
    request: z.strictObject({
      GatewayId: z.string().optional(),
      SourceType: z.string().optional(),
      ...Page,
      Filter: z.strictObject({ Ids: z.array(z.string()).optional(), Name: z.string().optional() }).optional(),
    }),
  },
  DeleteUpstream: { service: 'apig', versions: ['2021-03-03'], request: z.strictObject({ Id: z.string().min(1) }) },
  CreateRoute: {
    service: 'apig',
    versions: ['2022-11-12'],
    request: z.strictObject({
      ServiceId: z.string().min(1),
      Name: z.string().min(1),
      MatchRule: z
        .strictObject({
          Path: MatchValue.optional(),
          Method: z.array(z.enum(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT'])).optional(),
          Header: z.array(z.strictObject({ Key: z.string(), Value: MatchValue })).optional(),
          QueryString: z.array(z.strictObject({ Key: z.string(), Value: MatchValue })).optional(),
        })
        .optional(),
      UpstreamList: z
        .array(
          z.strictObject({
            UpstreamId: z.string().min(1),
            Version: z.string().optional(),
            Weight: z.number().int().min(0).max(10000).optional(),
            AIProviderSettings: Opaque,
          }),
        )
        .optional(),
      Priority: z.number().int().min(0).max(100).optional(),
      Enable: z.boolean().optional(),
      AdvancedSetting: Opaque,
      FallbackSetting: Opaque,
    }),
  },
  ListRoutes: {
    service: 'apig',
    versions: ['2022-11-12'],
    request: z.strictObject({
      GatewayId: z.string().optional(),
      ServiceId: z.string().optional(),
      UpstreamId: z.string().optional(),
      UpstreamVersion: z.string().optional(),
      ...Page,
      Filter: z
        .strictObject({ Name: z.string().optional(), Path: z.string().optional(), UpstreamIds: z.array(z.string()).optional() })
        .optional(),
    }),
  },
  DeleteRoute: { service: 'apig', versions: ['2022-11-12'], request: z.strictObject({ Id: z.string().min(1) }) },
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function apiErrorOf(error: z.ZodError): ApiError {
  const issue = error.issues[0] as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys')
    return new ApiError(400, 'InvalidParameter', `unknown field ${[...issue.path, issue.keys[0]].join('.')}`);
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined)
    return new ApiError(400, 'MissingParameter', `${issue.path.join('.')} is required`);
  return new ApiError(400, 'InvalidParameter', `${issue.path.join('.')}: ${issue.message}`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startVolcengineStandIn(options: VolcengineStandInOptions): Promise<VolcengineStandIn> {
  const calls: VolcengineCall[] = [];
  const functions = new Map<string, VefaasFunction>();
  const services = new Map<string, { Name: string; GatewayId: string }>();
  const upstreams = new Map<string, { Name: string; GatewayId: string; FunctionId: string }>();
  const routes = new Map<string, { Name: string; ServiceId: string; UpstreamId: string }>();
  const runtimes: readonly string[] = options.runtimes ?? VEFAAS_RUNTIMES;
  const gateways = options.gateways ?? [{ Id: 'gd-serverless-1', Name: 'default', Type: 'serverless', Status: 'Running' }];
  const callbackVersions = options.codeUploadCallbackVersions ?? ['2021-03-03'];
  let nextId = 1;
  let url = '';
  const id = (prefix: string) => `${prefix}${(nextId++).toString(36)}`;
  const timers = vefaasTimers(
    (code, message) => new ApiError(400, code, message),
    () => id('tm-'),
  );

  const fnOf = (fnId: string) => {
    const fn = functions.get(fnId);
    if (!fn) throw new ApiError(404, 'ResourceNotFound.Function', `function ${fnId} not found`);
    return fn;
  };
  const shownRuntime = (runtime: string) => (options.runtimeAliases ? `vefaas.${runtime.replace('/', '.').replace('-', '.')}` : runtime);
  const functionItem = (fn: VefaasFunction) => ({
    Id: fn.Id,
    Name: fn.Name,
    Runtime: shownRuntime(fn.Runtime),
    Command: fn.Command,
    Port: fn.Port,
    MemoryMB: fn.MemoryMB,
    RequestTimeout: fn.RequestTimeout,
    Envs: Object.entries(fn.Envs).map(([Key, Value]) => ({ Key, Value })),
    CodeSize: fn.zip?.length ?? 0,
  });
  const domain = (host: string, scheme: boolean) => (scheme ? host : host.replace(/^[a-z]+:\/\//, ''));
  const routeDomains = (routeId: string) => [
    { Domain: `http://${routeId}.apigateway-cn-beijing.volceapi.com`, Type: 'public' },
    { Domain: `https://${routeId}.apigateway-cn-beijing.volceapi.com`, Type: 'public' },
    { Domain: `http://${routeId}.apigateway-cn-beijing.internal`, Type: 'private' },
  ];

  const handle = (action: string, p: Record<string, any>): Record<string, unknown> => {
    if (action in VEFAAS_TIMER_ACTIONS) {
      fnOf(p.FunctionId);
      return timers.handle(action, p) ?? {};
    }
    switch (action) {
      case 'ListFunctions': {
        const name = (p.Filters as { Name: string; Values: string[] }[] | undefined)?.find((f) => f.Name === 'Name')?.Values;
        const all = [...functions.values()].filter(
          (fn) => options.listFilter === 'ignored' || name === undefined || name.includes(fn.Name),
        );
        const size = p.PageSize ?? 10;
        const start = ((p.PageNumber ?? 1) - 1) * size;
        return { Items: all.slice(start, start + size).map(functionItem), Total: all.length };
      }
      case 'CreateFunction': {
        if (!runtimes.includes(p.Runtime)) throw new ApiError(400, 'InvalidParameter.Runtime', `runtime ${p.Runtime} is not supported`);
        const native = NATIVE.test(p.Runtime);
        if (native && (p.Command === undefined || p.Port === undefined))
          throw new ApiError(400, 'InvalidParameter.Command', 'a native runtime runs Command, which must serve on Port: both are required');
        if (!native && p.Command !== undefined)
          throw new ApiError(400, 'InvalidParameter.Command', 'only native runtimes support the command field');
        if ([...functions.values()].some((fn) => fn.Name === p.Name))
          throw new ApiError(409, 'ResourceAlreadyExists.Function', 'a function of that name exists');
        const fn: VefaasFunction = {
          Id: id('fn-'),
          Name: p.Name,
          Runtime: p.Runtime,
          Command: p.Command,
          Port: p.Port,
          MemoryMB: p.MemoryMB,
          RequestTimeout: p.RequestTimeout,
          Envs: Object.fromEntries((p.Envs ?? []).map((e: { Key: string; Value: string }) => [e.Key, e.Value])),
          zip: null,
          uploaded: false,
          codeReady: false,
          release: { status: 'pending', stable: -1, weight: 0, readsLeft: 0, staleLeft: 0 },
          revisions: 0,
        };
        functions.set(fn.Id, fn);
        return functionItem(fn);
      }
      case 'UpdateFunction': {
        const fn = fnOf(p.Id);
        if (p.Command !== undefined && !NATIVE.test(fn.Runtime))
          throw new ApiError(400, 'InvalidParameter.Command', 'only native runtimes support the command field');
        Object.assign(fn, {
          Command: p.Command ?? fn.Command,
          Port: p.Port ?? fn.Port,
          MemoryMB: p.MemoryMB ?? fn.MemoryMB,
          RequestTimeout: p.RequestTimeout ?? fn.RequestTimeout,
        });
        if (p.Envs !== undefined) fn.Envs = Object.fromEntries(p.Envs.map((e: { Key: string; Value: string }) => [e.Key, e.Value]));
        return functionItem(fn);
      }
      case 'GetFunction':
        return functionItem(fnOf(p.Id));
      case 'DeleteFunction': {
        fnOf(p.Id);
        if ([...upstreams.values()].some((u) => u.FunctionId === p.Id))
          throw new ApiError(400, 'ResourceInUse', 'an API gateway upstream still points at this function');
        // Whether DeleteFunction takes its timers is unconfirmed: the strict answer is that it does not.
        if (timers.of(p.Id).length > 0) throw new ApiError(400, 'ResourceInUse', 'the function still has timers');
        functions.delete(p.Id);
        return {};
      }
      case 'GetCodeUploadAddress': {
        fnOf(p.FunctionId);
        return { UploadAddress: `${url}/upload/${p.FunctionId}?length=${p.ContentLength}&signature=presigned` };
      }
      case 'CodeUploadCallback': {
        const fn = fnOf(p.FunctionId);
        if (!fn.uploaded) throw new ApiError(400, 'InvalidParameter', 'no code was uploaded to the upload address');
        fn.uploaded = false;
        fn.codeReady = true;
        return {};
      }
      case 'Release': {
        const fn = fnOf(p.FunctionId);
        if (fn.release.status === 'inprogress') throw new ApiError(400, 'OperationDenied.ReleaseInProgress', 'a release is in progress');
        if (!fn.codeReady) throw new ApiError(400, 'InvalidParameter', 'no code to release: upload it and call CodeUploadCallback first');
        if (NATIVE.test(fn.Runtime) && (fn.Command === undefined || fn.Port === undefined))
          throw new ApiError(400, 'InvalidParameter.Command', 'a native function without Command/Port cannot start');
        const before = { status: fn.release.status, stable: fn.release.stable };
        fn.revisions++;
        const weight = p.TargetTrafficWeight ?? 0;
        fn.release = {
          status: 'inprogress',
          stable: before.stable,
          oldRev: before.stable,
          newRev: fn.revisions,
          weight: Math.min(p.RollingStep ?? 10, 100),
          readsLeft: weight === 100 ? (options.rolloutReads ?? 2) : Number.POSITIVE_INFINITY,
          staleLeft: options.staleReleaseReads ?? 0,
          stale: before,
        };
        return {
          FunctionId: fn.Id,
          Status: 'inprogress',
          NewRevisionNumber: fn.revisions,
          OldRevisionNumber: before.stable,
          StableRevisionNumber: before.stable,
          TargetTrafficWeight: weight,
          CurrentTrafficWeight: 0,
        };
      }
      case 'GetReleaseStatus': {
        const fn = fnOf(p.FunctionId);
        const r = fn.release;
        if (r.staleLeft > 0 && r.stale !== undefined) {
          r.staleLeft--;
          return { FunctionId: fn.Id, Status: r.stale.status, StableRevisionNumber: r.stale.stable };
        }
        if (r.status === 'inprogress' && --r.readsLeft <= 0) {
          r.status = 'done';
          r.stable = r.newRev as number;
          r.weight = 100;
          fn.codeReady = false;
        }
        return {
          FunctionId: fn.Id,
          Status: r.status,
          StableRevisionNumber: r.stable,
          ...(r.newRev === undefined ? {} : { NewRevisionNumber: r.newRev, OldRevisionNumber: r.oldRev }),
          CurrentTrafficWeight: r.weight,
          StatusMessage: r.status,
        };
      }
      case 'ListTriggers': {
        fnOf(p.FunctionId);
        const items = [...upstreams.entries()]
          .filter(([, u]) => u.FunctionId === p.FunctionId)
          .map(([upId, u]) => ({
            Id: `tr-${upId}`,
            Name: u.Name,
            Type: 'apig',
            Enabled: true,
            FunctionID: p.FunctionId,
            DetailedConfig: JSON.stringify({ UpstreamId: upId, GatewayId: u.GatewayId }),
          }));
        const all = [...items, ...timers.triggerItems(p.FunctionId)];
        return { Items: all, Total: all.length };
      }
      case 'ListGateways':
        return { Items: gateways.map((g) => ({ ...g, Region: options.region ?? 'cn-beijing' })), Total: gateways.length };
      case 'ListGatewayServices': {
        const items = [...services.entries()]
          .filter(([, s]) => p.GatewayId === undefined || s.GatewayId === p.GatewayId)
          .map(([sid, s]) => ({ Id: sid, Name: s.Name, GatewayId: s.GatewayId, Status: 'Running' }));
        return { Items: items, Total: items.length };
      }
      case 'GetGatewayService': {
        const svc = services.get(p.Id);
        if (!svc) throw new ApiError(404, 'NotFound.GatewayService', 'no such service');
        const scheme = options.serviceDomainsHaveScheme ?? true;
        return {
          GatewayService: {
            Id: p.Id,
            Name: svc.Name,
            GatewayId: svc.GatewayId,
            Status: 'Running',
            Protocol: ['HTTP', 'HTTPS'],
            Domains: [
              DomainSpec.parse({ Domain: domain(`http://${p.Id}.apigateway-cn-beijing.volceapi.com`, scheme), Type: 'public' }),
              DomainSpec.parse({ Domain: domain(`https://${p.Id}.apigateway-cn-beijing.volceapi.com`, scheme), Type: 'public' }),
            ],
          },
        };
      }
      case 'CreateGatewayService': {
        if (!gateways.some((g) => g.Id === p.GatewayId)) throw new ApiError(404, 'NotFound.Gateway', 'no such gateway');
        if ([...services.values()].some((s) => s.GatewayId === p.GatewayId && s.Name === p.ServiceName))
          throw new ApiError(409, 'AlreadyExists.GatewayService', 'a service of that name exists');
        const sid = id('sd');
        services.set(sid, { Name: p.ServiceName, GatewayId: p.GatewayId });
        return { Id: sid };
      }
      case 'DeleteGatewayService': {
        if (!services.has(p.Id)) throw new ApiError(404, 'NotFound.GatewayService', 'no such service');
        if ([...routes.values()].some((r) => r.ServiceId === p.Id))
          throw new ApiError(400, 'ResourceInUse', 'the service still has routes');
        services.delete(p.Id);
        return {};
      }
      case 'CreateUpstream': {
        if (!gateways.some((g) => g.Id === p.GatewayId)) throw new ApiError(404, 'NotFound.Gateway', 'no such gateway');
        const functionId = (p.UpstreamSpec as { VeFaas?: { FunctionId?: string } } | undefined)?.VeFaas?.FunctionId;
        if (p.SourceType === 'VeFaas' && (functionId === undefined || !functions.has(functionId)))
          throw new ApiError(400, 'InvalidParameter.UpstreamSpec', 'UpstreamSpec.VeFaas.FunctionId must name an existing function');
        if ([...upstreams.values()].some((u) => u.GatewayId === p.GatewayId && u.Name === p.Name))
          throw new ApiError(409, 'AlreadyExists.Upstream', 'an upstream of that name exists');
        const uid = id('up-');
        upstreams.set(uid, { Name: p.Name, GatewayId: p.GatewayId, FunctionId: functionId as string });
        return { Id: uid };
      }
      case 'ListUpstreams': {
        const items = [...upstreams.entries()]
          .filter(([, u]) => p.GatewayId === undefined || u.GatewayId === p.GatewayId)
          .map(([uid, u]) => ({
            Id: uid,
            Name: u.Name,
            GatewayId: u.GatewayId,
            SourceType: 'VeFaas',
            UpstreamSpec: { VeFaas: { FunctionId: u.FunctionId } },
          }));
        return { Items: items, Total: items.length };
      }
      case 'DeleteUpstream': {
        if (!upstreams.has(p.Id)) throw new ApiError(404, 'NotFound.Upstream', 'no such upstream');
        if ([...routes.values()].some((r) => r.UpstreamId === p.Id))
          throw new ApiError(400, 'ResourceInUse', 'a route still uses this upstream');
        upstreams.delete(p.Id);
        return {};
      }
      case 'CreateRoute': {
        if (!services.has(p.ServiceId)) throw new ApiError(404, 'NotFound.GatewayService', 'no such service');
        const upstreamId = p.UpstreamList?.[0]?.UpstreamId;
        if (upstreamId === undefined || !upstreams.has(upstreamId))
          throw new ApiError(400, 'InvalidParameter.UpstreamList', 'UpstreamList must name an existing upstream');
        if ([...routes.values()].some((r) => r.ServiceId === p.ServiceId && r.Name === p.Name))
          throw new ApiError(409, 'AlreadyExists.Route', 'a route of that name exists');
        const rid = id('rt-');
        routes.set(rid, { Name: p.Name, ServiceId: p.ServiceId, UpstreamId: upstreamId });
        return { Id: rid };
      }
      case 'ListRoutes': {
        const items = [...routes.entries()]
          .filter(
            ([, r]) =>
              (p.ServiceId === undefined || r.ServiceId === p.ServiceId) && (p.UpstreamId === undefined || r.UpstreamId === p.UpstreamId),
          )
          .map(([rid, r]) => ({
            Id: rid,
            Name: r.Name,
            ServiceId: r.ServiceId,
            Status: 'Running',
            Enable: true,
            UpstreamList: [{ UpstreamId: r.UpstreamId, Weight: 100 }],
            ...(options.routeDomains === false ? {} : { Domains: routeDomains(rid) }),
          }));
        return { Items: items, Total: items.length };
      }
      case 'DeleteRoute':
        if (!routes.delete(p.Id)) throw new ApiError(404, 'NotFound.Route', 'no such route');
        return {};
      default:
        throw new ApiError(400, 'InvalidAction', `unknown action ${action}`);
    }
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const requestUrl = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'PUT' && requestUrl.pathname.startsWith('/upload/')) {
      // The pre-signed upload address: the zip, as many bytes as GetCodeUploadAddress was told.
      const fn = functions.get(requestUrl.pathname.slice('/upload/'.length));
      const ok =
        fn !== undefined &&
        req.headers['content-type'] === 'application/zip' &&
        String(body.length) === requestUrl.searchParams.get('length');
      calls.push({
        action: 'PUT upload',
        version: '',
        service: 'tos',
        body: { bytes: body.length },
        signatureValid: true,
        ...(ok ? {} : { error: 'upload refused' }),
      });
      if (ok) {
        fn.zip = body;
        fn.uploaded = true;
      }
      res.writeHead(ok ? 200 : 400).end();
      return;
    }
    const action = requestUrl.searchParams.get('Action') ?? '';
    const version = requestUrl.searchParams.get('Version') ?? '';
    const signature = verifyVolcengineSignature(
      { method: req.method ?? 'POST', path: requestUrl.pathname, query: requestUrl.search.slice(1), headers: req.headers, body },
      options.secretKey,
    );
    let params: Record<string, any> = {};
    try {
      params = body.length > 0 ? JSON.parse(body.toString()) : {};
    } catch {
      params = {};
    }
    const spec = ACTIONS[action];
    const call: VolcengineCall = {
      action,
      version,
      service: signature.service ?? '',
      body: params,
      signatureValid:
        signature.valid &&
        signature.accessKey === options.accessKey &&
        (options.region === undefined || signature.region === options.region),
    };
    calls.push(call);
    const reply = (result: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ResponseMetadata: {
            RequestId: `req-${calls.length}`,
            Action: action,
            Version: version,
            Service: spec?.service,
            Region: options.region ?? 'cn-beijing',
          },
          Result: result,
        }),
      );
    };
    const fail = (error: ApiError) => {
      call.error = error.code;
      res.writeHead(error.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ResponseMetadata: {
            RequestId: `req-${calls.length}`,
            Action: action,
            Version: version,
            Error: { Code: error.code, Message: error.message },
          },
        }),
      );
    };
    if (!call.signatureValid) return fail(new ApiError(401, 'SignatureDoesNotMatch', 'signature does not match'));
    if (spec === undefined) return fail(new ApiError(400, 'InvalidActionOrVersion', `unknown action ${action}`));
    if (req.method !== 'POST') return fail(new ApiError(400, 'InvalidHttpMethod', `${action} is POST`));
    const versions = action === 'CodeUploadCallback' ? callbackVersions : spec.versions;
    if (!versions.includes(version))
      return fail(new ApiError(400, 'InvalidActionOrVersion', `${action} is not available at version ${version}`));
    if (signature.service !== spec.service)
      return fail(new ApiError(401, 'SignatureDoesNotMatch', `${action} is signed for service ${spec.service}, not ${signature.service}`));
    if (options.failAction?.action === action) return fail(new ApiError(400, options.failAction.code, options.failAction.message));
    const parsed = spec.request.safeParse(params);
    if (!parsed.success) return fail(apiErrorOf(parsed.error));
    try {
      reply(handle(action, parsed.data as Record<string, any>));
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      throw error;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    functions,
    timers: timers.timers,
    services,
    upstreams,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
