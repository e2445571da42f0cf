import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot as repoRoot } from '../../lib/package-root.js';
import { startScfStandIn, startVolcengineStandIn, type ScfStandIn, type VolcengineStandIn } from '../helpers/cloud-api-stand-ins.js';

// No cloud can be reached from here: the real osls CLI runs the plugin against stand-ins of the two
// vendors' APIs, which verify every request's signature with the tests' own implementations.

const repo = repoRoot(import.meta.url);
const SECRETS = { TENCENTCLOUD_SECRET_KEY: 'tc-secret-KEY-9x', VOLCENGINE_SECRET_KEY: 'volc-secret-KEY-7y', ALERTHOOK_TOKEN: 'callback-secret-3z' };
const MUTATING = /^(Create|Update|Delete|Release|CodeUpload|GetCodeUploadAddress|PUT)/;

/** Runs the CLI as `npx serverless` does. Asynchronously: the stand-ins answer from this process. */
async function serverless(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(repo, 'node_modules/osls/bin/serverless.js'), ...args], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SLS_TELEMETRY_DISABLED: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  // Nothing secret is ever printed, whatever the command.
  for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  return { code, output };
}

const artifact = (fn: string) => readFileSync(join(repo, '.serverless', `alerthook-prod-${fn}.zip`));
const bundledIndex = (fn: string) => readFileSync(join(repo, '.serverless', 'bundles', fn, 'index.js'));

describe('serverless deploy / info / remove → Tencent SCF (API stand-in)', () => {
  let api: ScfStandIn;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startScfStandIn({ secretId: 'AKIDtest', secretKey: SECRETS.TENCENTCLOUD_SECRET_KEY });
    env = { TENCENTCLOUD_SECRET_ID: 'AKIDtest', TENCENTCLOUD_SECRET_KEY: SECRETS.TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION: 'ap-guangzhou', ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN, ALERTHOOK_SINK: 's3://alerts?endpoint=cos.ap-guangzhou.myqcloud.com', ALERTHOOK_TENCENTCLOUD_ENDPOINT: api.url };
  });
  afterAll(() => api?.close());
  const mutations = (from: number) => api.calls.slice(from).map((c) => c.action).filter((a) => MUTATING.test(a));

  it('first deploy: creates the function from the bundle, waits for it, adds one Function URL, prints the callback URL', async () => {
    const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent'], env);
    expect(code, output).toBe(0);
    expect(mutations(0)).toEqual(['CreateFunction', 'CreateTrigger']);
    expect(api.calls.every((c) => c.signatureValid)).toBe(true);
    const fn = api.functions.get('alerthook-prod-tencent')!;
    expect(fn.zip.equals(artifact('tencent'))).toBe(true);
    expect(Buffer.from(unzipSync(fn.zip)['index.js']!).equals(bundledIndex('tencent'))).toBe(true);
    expect(fn.handler).toBe('index.main_handler');
    expect(fn.env).toEqual({ ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN, ALERTHOOK_SINK: env.ALERTHOOK_SINK });
    expect(api.calls.filter((c) => c.action === 'GetFunction').length).toBeGreaterThanOrEqual(3); // polled past "Creating"
    expect(output).toMatch(/callback URL: https:\/\/alerthook:<ALERTHOOK_TOKEN>@1250000000-\w+\.ap-guangzhou\.tencentscf\.com\//);
  });

  it('redeploy: updates code and configuration in place, no second trigger', async () => {
    const from = api.calls.length;
    const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent'], { ...env, ALERTHOOK_DEFAULT_SEVERITY: 'critical' });
    expect(code, output).toBe(0);
    expect(mutations(from)).toEqual(['UpdateFunctionCode', 'UpdateFunctionConfiguration']);
    expect(api.functions.get('alerthook-prod-tencent')!.triggers).toHaveLength(1);
    expect(api.functions.get('alerthook-prod-tencent')!.env.ALERTHOOK_DEFAULT_SEVERITY).toBe('critical');
  });

  it('info prints the URLs again and changes nothing; remove deletes what deploy made', async () => {
    let from = api.calls.length;
    const info = await serverless(['info', '--param', 'cloud=tencent'], env);
    expect(info.code, info.output).toBe(0);
    expect(info.output).toContain('callback URL: https://alerthook:<ALERTHOOK_TOKEN>@');
    expect(mutations(from)).toEqual([]);
    from = api.calls.length;
    const removed = await serverless(['remove', '--param', 'cloud=tencent'], env);
    expect(removed.code, removed.output).toBe(0);
    expect(mutations(from)).toEqual(['DeleteFunction']);
    expect(api.functions.size).toBe(0);
    expect((await serverless(['info', '--param', 'cloud=tencent'], env)).output).toContain('alerthook-prod-tencent: not deployed');
  });

  it('a vendor error is one clear line and a non-zero exit', async () => {
    const failing = await startScfStandIn({ secretId: 'AKIDtest', secretKey: SECRETS.TENCENTCLOUD_SECRET_KEY, failAction: { action: 'CreateFunction', code: 'LimitExceeded.Function', message: 'function quota exceeded' } });
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent', '--package', '.serverless'], { ...env, ALERTHOOK_TENCENTCLOUD_ENDPOINT: failing.url });
      expect(code).not.toBe(0);
      expect(output).toContain('Tencent SCF CreateFunction failed: LimitExceeded.Function: function quota exceeded');
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await failing.close();
    }
  });

  it('missing credentials, region or secret are named, with a non-zero exit', async () => {
    const { TENCENTCLOUD_SECRET_KEY: _, ...noKey } = env;
    expect((await serverless(['info', '--param', 'cloud=tencent'], noKey)).output).toContain('needs TENCENTCLOUD_SECRET_KEY in the environment');
    const { TENCENTCLOUD_REGION: __, ...noRegion } = env;
    expect((await serverless(['info', '--param', 'cloud=tencent'], noRegion)).output).toContain('needs a region');
    const { ALERTHOOK_TOKEN: ___, ...noToken } = env;
    const result = await serverless(['deploy', '--param', 'cloud=tencent', '--package', '.serverless'], noToken);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('set ALERTHOOK_TOKEN');
    expect((await serverless(['info'], env)).output).toContain('choose a cloud: --param cloud=tencent or --param cloud=volcengine');
  });
});

describe('serverless deploy / info / remove → Volcengine veFaaS + API gateway (API stand-in)', () => {
  let api: VolcengineStandIn;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startVolcengineStandIn({ accessKey: 'AKLTtest', secretKey: SECRETS.VOLCENGINE_SECRET_KEY });
    env = { VOLCENGINE_ACCESS_KEY: 'AKLTtest', VOLCENGINE_SECRET_KEY: SECRETS.VOLCENGINE_SECRET_KEY, VOLCENGINE_REGION: 'cn-beijing', ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN, ALERTHOOK_VOLCENGINE_ENDPOINT: api.url };
  });
  afterAll(() => api?.close());
  const mutations = (from: number) => api.calls.slice(from).map((c) => c.action).filter((a) => MUTATING.test(a));

  it('first deploy: function, code upload, release, then gateway service, upstream and route; prints URL and Token header', async () => {
    const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], env);
    expect(code, output).toBe(0);
    expect(mutations(0)).toEqual(['CreateFunction', 'GetCodeUploadAddress', 'PUT upload', 'CodeUploadCallback', 'Release', 'CreateGatewayService', 'CreateUpstream', 'CreateRoute']);
    expect(api.calls.every((c) => c.signatureValid)).toBe(true);
    const [fnId, fn] = [...api.functions][0]!;
    expect(fn.name).toBe('alerthook-prod-volcengine');
    expect(fn.zip!.equals(artifact('volcengine'))).toBe(true);
    expect(Buffer.from(unzipSync(fn.zip!)['index.js']!).equals(bundledIndex('volcengine'))).toBe(true);
    expect(fn.env).toEqual({ ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN });
    expect([...api.upstreams.values()][0]?.functionId).toBe(fnId);
    expect(api.calls.filter((c) => c.action === 'GetReleaseStatus').length).toBeGreaterThanOrEqual(2);
    expect(output).toMatch(/url:\s+https:\/\/sd\w+\.apigateway-cn-beijing\.volceapi\.com\//);
    expect(output).toContain('Token header');
  });

  it('redeploy: updates and re-releases in place; no second service, upstream or route', async () => {
    const from = api.calls.length;
    const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], env);
    expect(code, output).toBe(0);
    expect(mutations(from)).toEqual(['UpdateFunction', 'GetCodeUploadAddress', 'PUT upload', 'CodeUploadCallback', 'Release']);
    expect([api.gatewayServices.size, api.upstreams.size, api.routes.size]).toEqual([1, 1, 1]);
    expect([...api.functions.values()][0]?.released).toBe(2);
  });

  it('info prints the URL and changes nothing; remove deletes route, upstream, service and function', async () => {
    let from = api.calls.length;
    const info = await serverless(['info', '--param', 'cloud=volcengine'], env);
    expect(info.code, info.output).toBe(0);
    expect(info.output).toMatch(/url:\s+https:\/\/sd/);
    expect(mutations(from)).toEqual([]);
    from = api.calls.length;
    const removed = await serverless(['remove', '--param', 'cloud=volcengine'], env);
    expect(removed.code, removed.output).toBe(0);
    expect(mutations(from)).toEqual(['DeleteRoute', 'DeleteUpstream', 'DeleteGatewayService', 'DeleteFunction']);
    expect([api.functions.size, api.gatewayServices.size, api.upstreams.size, api.routes.size]).toEqual([0, 0, 0, 0]);
  });

  it('vendor errors and a region without a serverless gateway are one clear line and a non-zero exit', async () => {
    const failing = await startVolcengineStandIn({ accessKey: 'AKLTtest', secretKey: SECRETS.VOLCENGINE_SECRET_KEY, failAction: { action: 'Release', code: 'InvalidParameter.Runtime', message: 'runtime not supported' } });
    const noGateway = await startVolcengineStandIn({ accessKey: 'AKLTtest', secretKey: SECRETS.VOLCENGINE_SECRET_KEY, gateway: false });
    try {
      const a = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], { ...env, ALERTHOOK_VOLCENGINE_ENDPOINT: failing.url });
      expect(a.code).not.toBe(0);
      expect(a.output).toContain('Volcengine vefaas Release failed: InvalidParameter.Runtime: runtime not supported');
      expect(a.output).not.toMatch(/\n\s+at /);
      const b = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], { ...env, ALERTHOOK_VOLCENGINE_ENDPOINT: noGateway.url });
      expect(b.code).not.toBe(0);
      expect(b.output).toContain('no running serverless API gateway in this region');
      const wrongKey = await serverless(['info', '--param', 'cloud=volcengine'], { ...env, VOLCENGINE_SECRET_KEY: 'wrong' });
      expect(wrongKey.code).not.toBe(0);
      expect(wrongKey.output).toContain('SignatureDoesNotMatch');
    } finally {
      await failing.close();
      await noGateway.close();
    }
  });
});
