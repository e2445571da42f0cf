import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyTc3Signature } from './tencent-signature.js';
import { verifyVolcengineSignature } from './volcengine-signature.js';

/**
 * Stand-ins for the two vendors' APIs, enough for deploy/info/remove: every request's signature is
 * verified with the test's own implementation, every call is recorded, and the state answers the
 * way the real APIs document (a function is Creating before it is Active, a release is in progress
 * before it is done). `failAction` makes one action answer with a vendor error.
 */

export interface Call {
  action: string;
  body: Record<string, any>;
  signatureValid: boolean;
}

interface StandIn {
  url: string;
  calls: Call[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closer(server: Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export interface ScfStandIn extends StandIn {
  functions: Map<string, { zip: Buffer; handler: string; runtime: string; env: Record<string, string>; triggers: { Type: string; TriggerName: string; TriggerDesc: string }[] }>;
}

/** Tencent Cloud API 3.0 for SCF (2018-04-16): JSON POST with X-TC-Action, TC3-HMAC-SHA256. */
export async function startScfStandIn(options: { secretId: string; secretKey: string; failAction?: { action: string; code: string; message: string } }): Promise<ScfStandIn> {
  const calls: Call[] = [];
  const functions: ScfStandIn['functions'] = new Map();
  const creating = new Set<string>();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const action = String(req.headers['x-tc-action'] ?? '');
    const signature = verifyTc3Signature({ method: req.method ?? 'POST', path: '/', query: '', headers: req.headers, body }, options.secretKey);
    const params = body.length > 0 ? JSON.parse(body.toString()) : {};
    calls.push({ action, body: params, signatureValid: signature.valid && signature.secretId === options.secretId && signature.service === 'scf' });
    const reply = (response: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: { RequestId: `req-${calls.length}`, ...response } }));
    };
    const error = (code: string, message: string) => reply({ Error: { Code: code, Message: message } });
    if (!signature.valid || signature.secretId !== options.secretId) return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    if (options.failAction?.action === action) return error(options.failAction.code, options.failAction.message);
    const name = params.FunctionName as string;
    const fn = functions.get(name);
    switch (action) {
      case 'GetFunction':
        if (!fn) return error('ResourceNotFound.Function', `function ${name} does not exist`);
        // Creating once after a create, then Active, as the real API does.
        if (creating.delete(name)) return reply({ FunctionName: name, Status: 'Creating', Triggers: [] });
        return reply({ FunctionName: name, Status: 'Active', Handler: fn.handler, Runtime: fn.runtime, Triggers: fn.triggers, Environment: { Variables: Object.entries(fn.env).map(([Key, Value]) => ({ Key, Value })) } });
      case 'CreateFunction':
        if (fn) return error('ResourceInUse.Function', 'exists');
        functions.set(name, { zip: Buffer.from(params.Code.ZipFile, 'base64'), handler: params.Handler, runtime: params.Runtime, env: envOf(params.Environment), triggers: [] });
        creating.add(name);
        return reply({});
      case 'UpdateFunctionCode':
        if (!fn) return error('ResourceNotFound.Function', 'missing');
        fn.zip = Buffer.from(params.ZipFile, 'base64');
        fn.handler = params.Handler;
        return reply({});
      case 'UpdateFunctionConfiguration':
        if (!fn) return error('ResourceNotFound.Function', 'missing');
        fn.env = envOf(params.Environment);
        fn.runtime = params.Runtime;
        return reply({});
      case 'CreateTrigger': {
        if (!fn) return error('ResourceNotFound.Function', 'missing');
        const desc = JSON.parse(params.TriggerDesc);
        desc.NetConfig.ExtranetUrl = `https://1250000000-${name.length}abc.ap-guangzhou.tencentscf.com`;
        fn.triggers.push({ Type: params.Type, TriggerName: params.TriggerName, TriggerDesc: JSON.stringify(desc) });
        return reply({ TriggerInfo: fn.triggers.at(-1) });
      }
      case 'DeleteFunction':
        if (!fn) return error('ResourceNotFound.Function', 'missing');
        functions.delete(name);
        return reply({});
      default:
        return error('InvalidAction', `stand-in does not know ${action}`);
    }
  });
  const url = await listen(server);
  return { url, calls, functions, close: closer(server) };
}

function envOf(environment: { Variables?: { Key: string; Value: string }[] } | undefined): Record<string, string> {
  return Object.fromEntries((environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
}

export interface VolcengineStandIn extends StandIn {
  functions: Map<string, { name: string; zip: Buffer | null; env: Record<string, string>; released: number }>;
  gatewayServices: Map<string, string>;
  upstreams: Map<string, { name: string; functionId: string }>;
  routes: Map<string, { name: string; serviceId: string; upstreamId: string }>;
}

/** Volcengine OpenAPI for vefaas (2024-06-06) and apig (2021-03-03, routes 2022-11-12), V4-signed. */
export async function startVolcengineStandIn(options: { accessKey: string; secretKey: string; gateway?: boolean; failAction?: { action: string; code: string; message: string } }): Promise<VolcengineStandIn> {
  const calls: Call[] = [];
  const functions: VolcengineStandIn['functions'] = new Map();
  const gatewayServices = new Map<string, string>();
  const upstreams: VolcengineStandIn['upstreams'] = new Map();
  const routes: VolcengineStandIn['routes'] = new Map();
  let nextId = 1;
  let releasePolls = 0;
  let url = '';
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const requestUrl = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'PUT' && requestUrl.pathname.startsWith('/upload/')) {
      const fn = functions.get(requestUrl.pathname.slice('/upload/'.length));
      calls.push({ action: 'PUT upload', body: { bytes: body.length }, signatureValid: true });
      if (fn) fn.zip = body;
      res.writeHead(fn ? 200 : 404).end();
      return;
    }
    const action = requestUrl.searchParams.get('Action') ?? '';
    const signature = verifyVolcengineSignature({ method: req.method ?? 'POST', path: requestUrl.pathname, query: requestUrl.search.slice(1), headers: req.headers, body }, options.secretKey);
    const params = body.length > 0 ? JSON.parse(body.toString()) : {};
    calls.push({ action, body: params, signatureValid: signature.valid && signature.accessKey === options.accessKey });
    const reply = (result: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ResponseMetadata: { RequestId: `req-${calls.length}`, Action: action }, Result: result }));
    };
    const error = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ResponseMetadata: { RequestId: `req-${calls.length}`, Action: action, Error: { Code: code, Message: message } } }));
    };
    if (!calls.at(-1)?.signatureValid) return error(401, 'SignatureDoesNotMatch', 'signature does not match');
    if (options.failAction?.action === action) return error(400, options.failAction.code, options.failAction.message);
    const id = () => `id${nextId++}`;
    switch (action) {
      case 'ListFunctions':
        return reply({ Items: [...functions].map(([Id, f]) => ({ Id, Name: f.name })), Total: functions.size });
      case 'CreateFunction': {
        const fnId = id();
        functions.set(fnId, { name: params.Name, zip: null, env: Object.fromEntries(params.Envs.map((e: { Key: string; Value: string }) => [e.Key, e.Value])), released: 0 });
        return reply({ Id: fnId, Name: params.Name });
      }
      case 'UpdateFunction': {
        const fn = functions.get(params.Id);
        if (!fn) return error(404, 'ResourceNotFound', 'no function');
        fn.env = Object.fromEntries(params.Envs.map((e: { Key: string; Value: string }) => [e.Key, e.Value]));
        return reply({ Id: params.Id });
      }
      case 'GetCodeUploadAddress':
        return functions.has(params.FunctionId) ? reply({ UploadAddress: `${url}/upload/${params.FunctionId}` }) : error(404, 'ResourceNotFound', 'no function');
      case 'CodeUploadCallback':
        return functions.get(params.FunctionId)?.zip ? reply({}) : error(400, 'InvalidParameter', 'no code uploaded');
      case 'Release':
        releasePolls = 0;
        functions.get(params.FunctionId)!.released++;
        return reply({ Status: 'inprogress' });
      case 'GetReleaseStatus':
        return reply({ Status: ++releasePolls < 2 ? 'inprogress' : 'done' });
      case 'DeleteFunction':
        return functions.delete(params.Id) ? reply({}) : error(404, 'ResourceNotFound', 'no function');
      case 'ListGateways':
        return reply({ Items: options.gateway === false ? [] : [{ Id: 'gw-1', Name: 'default', Type: 'serverless', Status: 'Running' }] });
      case 'ListGatewayServices':
        return reply({ Items: [...gatewayServices].map(([Id, Name]) => ({ Id, Name })) });
      case 'CreateGatewayService': {
        const serviceId = id();
        gatewayServices.set(serviceId, params.ServiceName);
        return reply({ Id: serviceId });
      }
      case 'GetGatewayService':
        return gatewayServices.has(params.Id) ? reply({ GatewayService: { Id: params.Id, Domains: [{ Domain: `sd${params.Id}.apigateway-cn-beijing.volceapi.com`, Type: 'public' }] } }) : error(404, 'NotFound', 'no service');
      case 'DeleteGatewayService':
        return gatewayServices.delete(params.Id) ? reply({}) : error(404, 'NotFound', 'no service');
      case 'ListUpstreams':
        return reply({ Items: [...upstreams].map(([Id, u]) => ({ Id, Name: u.name })) });
      case 'CreateUpstream': {
        const upstreamId = id();
        upstreams.set(upstreamId, { name: params.Name, functionId: params.UpstreamSpec.VeFaas.FunctionId });
        return reply({ Id: upstreamId });
      }
      case 'DeleteUpstream':
        return upstreams.delete(params.Id) ? reply({}) : error(404, 'NotFound', 'no upstream');
      case 'ListRoutes':
        return reply({ Items: [...routes].filter(([, r]) => r.serviceId === params.ServiceId).map(([Id, r]) => ({ Id, Name: r.name })) });
      case 'CreateRoute': {
        const routeId = id();
        routes.set(routeId, { name: params.Name, serviceId: params.ServiceId, upstreamId: params.UpstreamList[0].UpstreamId });
        return reply({ Id: routeId });
      }
      case 'DeleteRoute':
        return routes.delete(params.Id) ? reply({}) : error(404, 'NotFound', 'no route');
      default:
        return error(400, 'InvalidAction', `stand-in does not know ${action}`);
    }
  });
  url = await listen(server);
  return { url, calls, functions, gatewayServices, upstreams, routes, close: closer(server) };
}
