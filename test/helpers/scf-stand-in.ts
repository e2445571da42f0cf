import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { verifyTc3Signature } from './tencent-signature.js';
import { validScfCron, validScfTriggerName } from './timer-rules.js';

/**
 * Tencent SCF API 3.0 (2018-04-16) as ../shared/cloud-apis/tencent-scf.md describes it, written from
 * that reference and not from the deployer: it answers only the actions listed there, checks every
 * TC3-HMAC-SHA256 signature with the tests' own implementation, refuses unknown fields
 * (UnknownParameter), missing required ones (MissingParameter) and values outside the documented ones
 * (InvalidParameterValue.<Field>), and models what is asynchronous: a function is `Creating` or
 * `Updating` for a few reads after each change, and changes made meanwhile fail with FailedOperation.*.
 *
 * Where the reference says *unconfirmed*, the behaviour is an option, so a test covers each answer:
 * where the Function URL appears in `TriggerDesc` (and after how many reads), and whether the
 * Nodejs20.15 runtime is offered.
 */
export interface ScfStandInOptions {
  secretId: string;
  secretKey: string;
  /** Reads of GetFunction during which a created or updated function is not yet Active. */
  asyncReads?: number;
  /** Where the public Function URL is written in TriggerDesc: the known field, or nowhere. */
  urlField?: 'NetConfig.ExtranetUrl' | 'none';
  /** Reads of a new http trigger before its URL appears in TriggerDesc. */
  urlDelayReads?: number;
  /** Runtimes CreateFunction accepts (default: the list in the SDK's CreateFunction doc comment). */
  runtimes?: readonly string[];
  failAction?: { action: string; code: string; message: string };
}

export interface ScfCall {
  action: string;
  body: Record<string, any>;
  signatureValid: boolean;
  /** The error the stand-in answered with, if any. */
  error?: string;
}

interface ScfFunction {
  name: string;
  namespace: string;
  runtime: string;
  handler: string;
  type: string;
  memorySize: number;
  timeout: number;
  env: Record<string, string>;
  zip: Buffer;
  status: string;
  readsUntilActive: number;
  triggers: {
    Type: string;
    TriggerName: string;
    Qualifier: string;
    desc: Record<string, unknown>;
    readsUntilUrl: number;
    /** Timers: the cron, the argument, OPEN (1) or CLOSE (0). */
    cron?: string;
    customArgument?: string;
    enable?: number;
  }[];
}

export interface ScfStandIn {
  url: string;
  calls: ScfCall[];
  functions: Map<string, ScfFunction>;
  close(): Promise<void>;
}

/** Runtime ids in tencentcloud-sdk-nodejs-scf 4.1.151's CreateFunction doc comment. */
export const SCF_SDK_RUNTIMES = [
  'Python2.7',
  'Python3.6',
  'Python3.7',
  'Python3.9',
  'Python3.10',
  'Nodejs6.10',
  'Nodejs8.9',
  'Nodejs10.15',
  'Nodejs12.16',
  'Nodejs14.18',
  'Nodejs16.13',
  'Nodejs18.15',
  'Php5.6',
  'Php7',
  'Php7.4',
  'Php8.0',
  'Go1',
  'Java8',
  'CustomRuntime',
] as const;

const BoolString = z.enum(['TRUE', 'FALSE']);
const FunctionName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/);
/** Keys and values non-empty; the whole environment at most 4 KB. */
const Environment = z.strictObject({ Variables: z.array(z.strictObject({ Key: z.string().min(1), Value: z.string().min(1) })) });
const MemorySize = z
  .number()
  .int()
  .refine((m) => m === 64 || (m >= 128 && m <= 3072 && m % 128 === 0));
const Code = z
  .strictObject({
    ZipFile: z.string().optional(),
    CosBucketName: z.string().optional(),
    CosObjectName: z.string().optional(),
    CosBucketRegion: z.string().optional(),
    DemoId: z.string().optional(),
    TempCosObjectName: z.string().optional(),
    ImageConfig: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(
    (c) =>
      [c.ZipFile, c.CosBucketName ?? c.CosObjectName, c.DemoId, c.TempCosObjectName, c.ImageConfig].filter((v) => v !== undefined)
        .length === 1,
    { message: 'exactly one code source' },
  );
const Opaque = z.unknown();
const OPTIONAL_CREATE_FIELDS = [
  'Role',
  'VpcConfig',
  'ClsLogsetId',
  'ClsTopicId',
  'Layers',
  'DeadLetterConfig',
  'PublicNetConfig',
  'CfsConfig',
  'Tags',
  'CodeSource',
  'AsyncRunEnable',
  'TraceEnable',
  'DnsCache',
  'AutoCreateClsTopic',
  'AutoDeployClsTopicIndex',
  'ProtocolType',
  'ProtocolParams',
  'InstanceConcurrencyConfig',
  'IntranetConfig',
  'InitTimeout',
] as const;
const OPTIONAL_CONFIG_FIELDS = [
  'VpcConfig',
  'Role',
  'InstallDependency',
  'ClsLogsetId',
  'ClsTopicId',
  'Publish',
  'L5Enable',
  'Layers',
  'DeadLetterConfig',
  'PublicNetConfig',
  'CfsConfig',
  'InitTimeout',
  'ProtocolParams',
  'InstanceConcurrencyConfig',
  'DnsCache',
  'IntranetConfig',
  'IgnoreSysLog',
] as const;
const opaque = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, Opaque.optional()]));

function requests(runtimes: readonly string[]) {
  return {
    CreateFunction: z.strictObject({
      FunctionName,
      Code,
      Handler: z
        .string()
        .regex(/^[^.]{2,60}\.[^.]{2,60}$/)
        .optional(),
      Runtime: z.enum(runtimes as [string, ...string[]]).optional(),
      Type: z.enum(['Event', 'HTTP']).optional(),
      MemorySize: MemorySize.optional(),
      Timeout: z.number().int().min(1).max(900).optional(),
      Environment: Environment.optional(),
      Namespace: z.string().optional(),
      Description: z.string().max(1000).optional(),
      InstallDependency: BoolString.optional(),
      ...opaque(OPTIONAL_CREATE_FIELDS),
    }),
    GetFunction: z.strictObject({
      FunctionName,
      Namespace: z.string().optional(),
      Qualifier: z.string().optional(),
      ShowCode: BoolString.optional(),
    }),
    UpdateFunctionCode: z.strictObject({
      FunctionName,
      Handler: z.string().optional(),
      ZipFile: z.string().optional(),
      CosBucketName: z.string().optional(),
      CosObjectName: z.string().optional(),
      CosBucketRegion: z.string().optional(),
      Code: Code.optional(),
      CodeSource: z.enum(['ZipFile', 'Cos', 'Inline']).optional(),
      Namespace: z.string().optional(),
      InstallDependency: BoolString.optional(),
      EnvId: z.string().optional(),
      Publish: BoolString.optional(),
    }),
    // No Type and no Handler here; Runtime exists but cannot be changed.
    UpdateFunctionConfiguration: z.strictObject({
      FunctionName,
      Description: z.string().max(1000).optional(),
      MemorySize: MemorySize.optional(),
      Timeout: z.number().int().min(1).max(900).optional(),
      Runtime: z.string().optional(),
      Environment: Environment.optional(),
      Namespace: z.string().optional(),
      ...opaque(OPTIONAL_CONFIG_FIELDS),
    }),
    DeleteFunction: z.strictObject({ FunctionName, Namespace: z.string().optional(), Qualifier: z.string().optional() }),
    CreateTrigger: z.strictObject({
      FunctionName,
      TriggerName: z.string().min(1).max(100),
      Type: z.enum(['cos', 'cls', 'timer', 'ckafka', 'http']),
      TriggerDesc: z.string().optional(),
      Namespace: z.string().optional(),
      Qualifier: z.string().optional(),
      Enable: z.enum(['OPEN', 'CLOSE']).optional(),
      CustomArgument: z.string().optional(),
      Description: z.string().optional(),
    }),
    ListTriggers: z.strictObject({
      FunctionName,
      Namespace: z.string().optional(),
      Offset: z.number().int().optional(),
      Limit: z.number().int().optional(),
      OrderBy: z.enum(['add_time', 'mod_time']).optional(),
      Order: z.enum(['ASC', 'DESC']).optional(),
      Filters: z
        .array(z.strictObject({ Name: z.enum(['Qualifier', 'TriggerName', 'Description']), Values: z.array(z.string()) }))
        .optional(),
    }),
    UpdateTrigger: z.strictObject({
      FunctionName,
      TriggerName: z.string(),
      Type: z.enum(['timer', 'ckafka', 'http']),
      Enable: z.enum(['OPEN', 'CLOSE']).optional(),
      Qualifier: z.string().optional(),
      Namespace: z.string().optional(),
      TriggerDesc: z.string().optional(),
      Description: z.string().optional(),
      CustomArgument: z.string().optional(),
    }),
    DeleteTrigger: z.strictObject({
      FunctionName,
      TriggerName: z.string(),
      Type: z.enum(['timer', 'ckafka', 'apigw', 'cls', 'cos', 'cmq', 'http']),
      Namespace: z.string().optional(),
      Qualifier: z.string().optional(),
      TriggerDesc: z.string().optional(),
    }),
  };
}

/** A timer's fields as CreateTrigger/UpdateTrigger give them, refused as timers.md says SCF refuses them. */
function checkedTimer(p: Record<string, any>): { cron: string; customArgument?: string; enable: number } {
  if (!validScfTriggerName(p.TriggerName))
    throw new ApiError(
      'InvalidParameterValue.TriggerName',
      'a trigger name is letters, digits, - and _, at most 60, starting with a letter',
    );
  if (typeof p.TriggerDesc !== 'string' || !validScfCron(p.TriggerDesc))
    throw new ApiError(
      'InvalidParameterValue.TriggerDesc',
      `a timer needs a seven-field cron (seconds first), got ${JSON.stringify(p.TriggerDesc)}`,
    );
  if (p.CustomArgument !== undefined && Buffer.byteLength(p.CustomArgument) > 4096)
    throw new ApiError('InvalidParameterValue.CustomArgument', 'CustomArgument exceeds 4 KB');
  return {
    cron: p.TriggerDesc,
    ...(p.CustomArgument === undefined ? {} : { customArgument: p.CustomArgument }),
    enable: p.Enable === 'CLOSE' ? 0 : 1,
  };
}

/** The Function URL trigger description: AuthType and NetConfig (both booleans) required. */
const FunctionUrlDesc = z.strictObject({
  AuthType: z.enum(['NONE', 'CAM']),
  NetConfig: z.strictObject({ EnableIntranet: z.boolean(), EnableExtranet: z.boolean() }),
  CorsConfig: z
    .strictObject({
      Enable: z.boolean().optional(),
      Origins: z.array(z.string()).optional(),
      Headers: z.array(z.string()).optional(),
      Methods: z.array(z.string()).optional(),
      ExposeHeaders: z.array(z.string()).optional(),
      MaxAge: z.number().int().optional(),
      Credentials: z.boolean().optional(),
    })
    .optional(),
});

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** zod's complaint as Tencent's API 3.0 names it. */
function apiErrorOf(error: z.ZodError): ApiError {
  const issue = error.issues[0] as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') return new ApiError('UnknownParameter', `The parameter \`${issue.keys[0]}\` is not recognized`);
  const field = String(issue.path[0] ?? 'Request');
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined)
    return new ApiError(
      `MissingParameter${issue.path.length > 0 ? `.${field}` : ''}`,
      `The parameter \`${issue.path.join('.')}\` is missing`,
    );
  return new ApiError(`InvalidParameterValue.${field}`, `${issue.path.join('.')}: ${issue.message}`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startScfStandIn(options: ScfStandInOptions): Promise<ScfStandIn> {
  const calls: ScfCall[] = [];
  const functions = new Map<string, ScfFunction>();
  const schemas = requests(options.runtimes ?? SCF_SDK_RUNTIMES);
  const asyncReads = options.asyncReads ?? 2;

  const notFound = (name: string) => new ApiError('ResourceNotFound.Function', `function ${name} does not exist`);
  const mustBeActive = (fn: ScfFunction, action: string) => {
    if (fn.status !== 'Active')
      throw new ApiError(`FailedOperation.${action}`, `the function is ${fn.status}; try again when it is Active`);
  };
  const envOf = (environment: z.infer<typeof Environment> | undefined) => {
    const env = Object.fromEntries((environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
    if (JSON.stringify(env).length > 4096)
      throw new ApiError('InvalidParameterValue.EnvironmentExceededLimit', 'environment variables exceed 4 KB');
    return env;
  };
  const triggerDesc = (trigger: ScfFunction['triggers'][number], fn: ScfFunction) => {
    const desc: Record<string, unknown> = { ...trigger.desc, NetConfig: { ...(trigger.desc.NetConfig as object) } };
    if (
      trigger.Type === 'http' &&
      trigger.readsUntilUrl <= 0 &&
      (options.urlField ?? 'NetConfig.ExtranetUrl') === 'NetConfig.ExtranetUrl'
    ) {
      (desc.NetConfig as Record<string, unknown>).ExtranetUrl =
        `https://1250000000-${fn.name.length}x${fn.namespace.length}.ap-guangzhou.tencentscf.com`;
    }
    return JSON.stringify(desc); // a JSON string, in answers as in requests
  };
  const read = (fn: ScfFunction) => {
    if (fn.readsUntilActive > 0 && --fn.readsUntilActive === 0) fn.status = 'Active';
    for (const trigger of fn.triggers) trigger.readsUntilUrl--;
  };

  const handle = (action: string, params: Record<string, unknown>): Record<string, unknown> => {
    const schema = (schemas as Record<string, z.ZodType>)[action];
    if (schema === undefined) throw new ApiError('InvalidAction', `The action ${action} is not supported`);
    const parsed = schema.safeParse(params);
    if (!parsed.success) throw apiErrorOf(parsed.error);
    const p = parsed.data as Record<string, any>;
    const key = `${p.Namespace ?? 'default'}/${p.FunctionName}`;
    const fn = functions.get(key);
    switch (action) {
      case 'CreateFunction': {
        if (fn) throw new ApiError('ResourceInUse.Function', 'the function already exists');
        if ((p.Type ?? 'Event') === 'Event' && p.Handler === undefined)
          throw new ApiError('MissingParameter.Handler', 'an event function needs a Handler');
        functions.set(key, {
          name: p.FunctionName,
          namespace: p.Namespace ?? 'default',
          runtime: p.Runtime ?? 'Python2.7',
          handler: p.Handler,
          type: p.Type ?? 'Event',
          memorySize: p.MemorySize ?? 128,
          timeout: p.Timeout ?? 3,
          env: envOf(p.Environment),
          zip: Buffer.from(p.Code.ZipFile ?? '', 'base64'),
          status: 'Creating',
          readsUntilActive: asyncReads,
          triggers: [],
        });
        return {};
      }
      case 'GetFunction': {
        if (!fn) throw notFound(p.FunctionName);
        read(fn);
        return {
          FunctionName: fn.name,
          Namespace: fn.namespace,
          Status: fn.status,
          StatusDesc: '',
          Runtime: fn.runtime,
          Handler: fn.handler,
          Type: fn.type === 'HTTP' ? 'HTTP' : 'Event',
          MemorySize: fn.memorySize,
          Timeout: fn.timeout,
          Environment: { Variables: Object.entries(fn.env).map(([Key, Value]) => ({ Key, Value })) },
          Qualifier: '$LATEST',
          Triggers: fn.triggers.map((t) => ({
            Type: t.Type,
            TriggerName: t.TriggerName,
            TriggerDesc: triggerDesc(t, fn),
            Enable: 1,
            Qualifier: t.Qualifier,
          })),
        };
      }
      case 'UpdateFunctionCode': {
        if (!fn) throw notFound(p.FunctionName);
        mustBeActive(fn, 'UpdateFunctionCode');
        if (p.ZipFile === undefined && p.Code === undefined && p.CosBucketName === undefined)
          throw new ApiError('MissingParameter.Code', 'no code given');
        fn.zip = Buffer.from(p.ZipFile ?? p.Code?.ZipFile ?? '', 'base64');
        if (p.Handler !== undefined) fn.handler = p.Handler;
        fn.status = 'Updating';
        fn.readsUntilActive = asyncReads;
        return {};
      }
      case 'UpdateFunctionConfiguration': {
        if (!fn) throw notFound(p.FunctionName);
        mustBeActive(fn, 'UpdateFunctionConfiguration');
        if (p.Runtime !== undefined && p.Runtime !== fn.runtime)
          throw new ApiError('InvalidParameterValue.Runtime', 'Runtime is specified at creation; modification is not supported');
        if (p.Environment !== undefined) fn.env = envOf(p.Environment);
        if (p.MemorySize !== undefined) fn.memorySize = p.MemorySize;
        if (p.Timeout !== undefined) fn.timeout = p.Timeout;
        fn.status = 'Updating';
        fn.readsUntilActive = asyncReads;
        return {};
      }
      case 'DeleteFunction': {
        if (!fn) throw notFound(p.FunctionName);
        mustBeActive(fn, 'DeleteFunction');
        functions.delete(key);
        return {};
      }
      case 'CreateTrigger': {
        if (!fn) throw notFound(p.FunctionName);
        mustBeActive(fn, 'CreateTrigger');
        const qualifier = p.Qualifier ?? '$LATEST';
        let desc: Record<string, unknown> = {};
        if (p.Type === 'http') {
          if (p.TriggerDesc === undefined) throw new ApiError('InvalidParameterValue.TriggerDesc', 'a Function URL needs TriggerDesc');
          let json: unknown;
          try {
            json = JSON.parse(p.TriggerDesc);
          } catch {
            throw new ApiError('InvalidParameterValue.TriggerDesc', 'TriggerDesc is not a JSON string');
          }
          const parsedDesc = FunctionUrlDesc.safeParse(json);
          if (!parsedDesc.success)
            throw new ApiError(
              'InvalidParameterValue.TriggerDesc',
              `TriggerDesc: ${parsedDesc.error.issues[0]?.path.join('.')}: ${parsedDesc.error.issues[0]?.message}`,
            );
          desc = parsedDesc.data;
          // One URL per alias or version.
          if (fn.triggers.some((t) => t.Type === 'http' && t.Qualifier === qualifier))
            throw new ApiError('ResourceInUse.Trigger', 'this qualifier already has a Function URL');
        }
        if (fn.triggers.some((t) => t.TriggerName === p.TriggerName))
          throw new ApiError('ResourceInUse.TriggerName', 'a trigger of that name exists');
        const timer = p.Type === 'timer' ? checkedTimer(p) : {};
        const trigger = {
          Type: p.Type,
          TriggerName: p.TriggerName,
          Qualifier: qualifier,
          desc,
          readsUntilUrl: options.urlDelayReads ?? 2,
          ...timer,
        };
        fn.triggers.push(trigger);
        return {
          TriggerInfo: {
            Type: trigger.Type,
            TriggerName: trigger.TriggerName,
            TriggerDesc: JSON.stringify(desc),
            Enable: 1,
            Qualifier: qualifier,
          },
        };
      }
      case 'ListTriggers': {
        if (!fn) throw notFound(p.FunctionName);
        const names = (p.Filters as { Name: string; Values: string[] }[] | undefined)?.find((f) => f.Name === 'TriggerName')?.Values;
        const listed = fn.triggers.filter((t) => names === undefined || names.includes(t.TriggerName));
        return {
          TotalCount: listed.length,
          Triggers: listed.map((t) => ({
            Type: t.Type,
            TriggerName: t.TriggerName,
            // A timer's description reads back as the JSON string {"cron": …} (TCT).
            TriggerDesc: t.Type === 'timer' ? JSON.stringify({ cron: t.cron }) : triggerDesc(t, fn),
            Enable: t.enable ?? 1,
            Qualifier: t.Qualifier,
            ...(t.Type === 'timer' ? { CustomArgument: t.customArgument ?? null } : {}),
          })),
        };
      }
      case 'UpdateTrigger': {
        if (!fn) throw notFound(p.FunctionName);
        const trigger = fn.triggers.find((t) => t.TriggerName === p.TriggerName && t.Type === p.Type);
        // The qualifier is part of the trigger's key: it must be the creation one (default $LATEST).
        if (trigger === undefined || trigger.Qualifier !== (p.Qualifier ?? '$LATEST'))
          throw new ApiError('ResourceNotFound.Trigger', 'no such trigger');
        if (p.Type === 'timer') Object.assign(trigger, checkedTimer({ ...p, TriggerDesc: p.TriggerDesc ?? trigger.cron }));
        return {};
      }
      case 'DeleteTrigger': {
        if (!fn) throw notFound(p.FunctionName);
        const before = fn.triggers.length;
        fn.triggers = fn.triggers.filter((t) => t.TriggerName !== p.TriggerName || t.Qualifier !== (p.Qualifier ?? '$LATEST'));
        if (fn.triggers.length === before) throw new ApiError('ResourceNotFound.Trigger', 'no such trigger');
        return {};
      }
      default:
        throw new ApiError('InvalidAction', `The action ${action} is not supported`);
    }
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const action = String(req.headers['x-tc-action'] ?? '');
    const signature = verifyTc3Signature(
      { method: req.method ?? 'POST', path: '/', query: '', headers: req.headers, body },
      options.secretKey,
    );
    let params: Record<string, unknown> = {};
    try {
      params = body.length > 0 ? JSON.parse(body.toString()) : {};
    } catch {
      params = {};
    }
    const call: ScfCall = {
      action,
      body: params,
      signatureValid: signature.valid && signature.secretId === options.secretId && signature.service === 'scf',
    };
    calls.push(call);
    const reply = (response: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: { ...response, RequestId: `req-${calls.length}` } }));
    };
    const fail = (code: string, message: string) => {
      call.error = code;
      reply({ Error: { Code: code, Message: message } });
    };
    if (!call.signatureValid) return fail('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    if (req.headers['x-tc-version'] !== '2018-04-16')
      return fail('InvalidParameterValue', `version ${String(req.headers['x-tc-version'])} is not 2018-04-16`);
    if (typeof req.headers['x-tc-region'] !== 'string' || req.headers['x-tc-region'] === '')
      return fail('MissingParameter', 'X-TC-Region is required for SCF');
    if (options.failAction?.action === action) return fail(options.failAction.code, options.failAction.message);
    try {
      reply(handle(action, params));
    } catch (error) {
      if (error instanceof ApiError) return fail(error.code, error.message);
      throw error;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    functions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
