import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScfStandIn, SCF_SDK_RUNTIMES, type ScfStandIn, type ScfStandInOptions } from '../helpers/scf-stand-in.js';
import { SECRETS, serverless as runServerless, serviceWith } from '../helpers/serverless-cli.js';

// The real serverless CLI (osls) runs alerthook's plugin against a strict stand-in of Tencent's SCF
// API (test/helpers/scf-stand-in.ts, written from ../shared/cloud-apis/tencent-scf.md): unknown or
// missing fields, values outside the documented ones, calls made while the function is not Active
// and bad signatures are all refused, as the real API refuses them.

// A service directory of this file's own: the deploy test files run in parallel, and each writes .serverless/.
const SERVICE = serviceWith((yml) => yml);
afterAll(() => rmSync(SERVICE, { recursive: true, force: true }));
const serverless = (args: string[], env: Record<string, string>, serviceDir = SERVICE) => runServerless(args, env, serviceDir);

const MUTATING = /^(Create|Update|Delete)/;
const FUNCTION = 'alerthook-prod-tencent';

function credentials(api: ScfStandIn): Record<string, string> {
  return {
    TENCENTCLOUD_SECRET_ID: 'AKIDtest',
    TENCENTCLOUD_SECRET_KEY: SECRETS.TENCENTCLOUD_SECRET_KEY,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN,
    ALERTHOOK_TENCENTCLOUD_ENDPOINT: api.url,
  };
}

async function standIn(options: Partial<ScfStandInOptions> = {}): Promise<ScfStandIn> {
  return startScfStandIn({ secretId: 'AKIDtest', secretKey: SECRETS.TENCENTCLOUD_SECRET_KEY, ...options });
}

describe('serverless deploy / info / remove → Tencent SCF (strict stand-in)', () => {
  let api: ScfStandIn;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await standIn({ asyncReads: 3, urlDelayReads: 3 });
    env = { ...credentials(api), ALERTHOOK_SINK: 's3://alerts?endpoint=cos.ap-guangzhou.myqcloud.com', ALERTHOOK_DEFAULT_SEVERITY: '' };
  });
  afterAll(() => api?.close());
  const mutations = (from: number) =>
    api.calls
      .slice(from)
      .filter((c) => c.error === undefined)
      .map((c) => c.action)
      .filter((a) => MUTATING.test(a));

  it('first deploy: an event function from the Tencent bundle only, empty variables left out and named, a Function URL polled for until it appears', async () => {
    const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent'], env);
    expect(code, output).toBe(0);
    // The one refusal: the first look finds no function yet.
    expect(api.calls.filter((c) => c.error !== undefined).map((c) => `${c.action}: ${c.error}`)).toEqual([
      'GetFunction: ResourceNotFound.Function',
    ]);
    expect(api.calls.every((c) => c.signatureValid)).toBe(true);
    expect(mutations(0)).toEqual(['CreateFunction', 'CreateTrigger']);
    // Only the chosen cloud's bundle is built, and the framework zips nothing for the other cloud's
    // function (it would zip the whole service folder: node_modules and all, from a real checkout).
    expect(readdirSync(join(SERVICE, '.serverless', 'bundles'))).toEqual(['tencent']);
    expect(readdirSync(join(SERVICE, '.serverless')).filter((name) => name.endsWith('.zip'))).toEqual([`${FUNCTION}.zip`]);
    const fn = api.functions.get(`default/${FUNCTION}`)!;
    expect(fn).toMatchObject({ runtime: 'Nodejs18.15', handler: 'index.main_handler', type: 'Event', status: 'Active' });
    expect(
      Buffer.from(unzipSync(fn.zip)['index.js']!).equals(readFileSync(join(SERVICE, '.serverless', 'bundles', 'tencent', 'index.js'))),
    ).toBe(true);
    // SCF refuses empty values; the deploy leaves them out and says which.
    expect(fn.env).toEqual({ ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN, ALERTHOOK_SINK: env.ALERTHOOK_SINK });
    expect(output).toContain("left out of the function's environment, being empty: ALERTHOOK_DEFAULT_SEVERITY");
    expect(output).toMatch(/callback URL: https:\/\/alerthook:<ALERTHOOK_TOKEN>@1250000000-[\w-]+\.ap-guangzhou\.tencentscf\.com\//);
    // SCF runs Nodejs18.15, which would never take a code cache made by this Node 20: the package
    // has none (index.js is the bundle itself), and the output says how to get one.
    expect(Object.keys(unzipSync(fn.zip)).filter((name) => name.startsWith('index'))).toEqual(['index.js']);
    expect(Buffer.from(unzipSync(fn.zip)['index.js'] as Uint8Array).toString('utf8')).not.toContain('Code cache made by Node');
    expect(output).toContain(
      'code cache:   none (Nodejs18.15 takes only one its own Node release made): for the faster cold start set ALERTHOOK_CODE_CACHE_NODE to a Node 18.15 binary',
    );
  });

  it('redeploy: waits for Active between the two updates, sends no Runtime, adds no second trigger', async () => {
    const from = api.calls.length;
    const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent'], { ...env, ALERTHOOK_DEFAULT_SEVERITY: 'critical' });
    expect(code, output).toBe(0);
    expect(api.calls.slice(from).filter((c) => c.error !== undefined)).toEqual([]);
    expect(mutations(from)).toEqual(['UpdateFunctionCode', 'UpdateFunctionConfiguration']);
    expect(api.calls.slice(from).find((c) => c.action === 'UpdateFunctionConfiguration')?.body).not.toHaveProperty('Runtime');
    const fn = api.functions.get(`default/${FUNCTION}`)!;
    expect(fn.triggers).toHaveLength(1);
    expect(fn.env.ALERTHOOK_DEFAULT_SEVERITY).toBe('critical');
  });

  it('a configured runtime other than the deployed one stops the deploy with what to do, before changing anything', async () => {
    const service = serviceWith((yml) => yml.replace('runtime: Nodejs18.15', 'runtime: Nodejs16.13'));
    const from = api.calls.length;
    const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent'], env, service);
    expect(code).not.toBe(0);
    expect(output).toContain(
      `Tencent SCF function ${FUNCTION} runs Nodejs18.15, and serverless.yml asks for Nodejs16.13: SCF cannot change a function's runtime`,
    );
    expect(mutations(from)).toEqual([]);
    rmSync(service, { recursive: true, force: true });
  });

  it('info prints the URL again and changes nothing; remove deletes the function (and with it its trigger)', async () => {
    let from = api.calls.length;
    const info = await serverless(['info', '--param', 'cloud=tencent'], env);
    expect(info.code, info.output).toBe(0);
    expect(info.output).toContain('callback URL: https://alerthook:<ALERTHOOK_TOKEN>@1250000000-');
    expect(mutations(from)).toEqual([]);
    from = api.calls.length;
    const removed = await serverless(['remove', '--param', 'cloud=tencent'], env);
    expect(removed.code, removed.output).toBe(0);
    expect(mutations(from)).toEqual(['DeleteFunction']);
    expect(api.functions.size).toBe(0);
    expect((await serverless(['info', '--param', 'cloud=tencent'], env)).output).toContain(`${FUNCTION}: not deployed`);
  });
});

describe('serverless package --package DIR', () => {
  it('writes the zip into DIR, and deploy --package DIR deploys it from there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-package-'));
    const api = await standIn();
    try {
      const packaged = await serverless(['package', '--param', 'cloud=tencent', '--package', dir], credentials(api));
      expect(packaged.code, packaged.output).toBe(0);
      expect(readdirSync(dir)).toContain(`${FUNCTION}.zip`);
      expect(packaged.output).toMatch(/fallback stores, only with ALERTHOOK_FALLBACK: file \d+ KiB, s3 \d+ KiB/);
      const deployed = await serverless(['deploy', '--param', 'cloud=tencent', '--package', dir], credentials(api));
      expect(deployed.code, deployed.output).toBe(0);
      const uploaded = api.functions.get(`default/${FUNCTION}`)?.zip;
      expect(uploaded !== undefined && Buffer.from(uploaded).equals(readFileSync(join(dir, `${FUNCTION}.zip`)))).toBe(true);
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Tencent SCF facts that are unconfirmed, each answer covered', () => {
  it('when TriggerDesc never carries the URL, the deploy still succeeds, prints the trigger description and where the console shows the URL', async () => {
    const api = await standIn({ urlField: 'none' });
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent', '--package', '.serverless'], credentials(api));
      expect(code, output).toBe(0);
      expect(output).toContain('url:          (not reported: see below)');
      expect(output).toMatch(
        /its trigger description is: \{"AuthType":"NONE","NetConfig":\{"EnableIntranet":false,"EnableExtranet":true\}\}/,
      );
      expect(output).toContain('函数 URL');
      expect(output).not.toContain('callback URL:');
    } finally {
      await api.close();
    }
  });

  it("a runtime the region does not offer is the vendor's error, on one line, and the default Nodejs18.15 is in the SDK's own list", async () => {
    expect(SCF_SDK_RUNTIMES).toContain('Nodejs18.15');
    const api = await standIn({ runtimes: SCF_SDK_RUNTIMES.filter((r) => r !== 'Nodejs18.15') });
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent', '--package', '.serverless'], credentials(api));
      expect(code).not.toBe(0);
      expect(output).toContain('Tencent SCF CreateFunction failed: InvalidParameterValue.Runtime');
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await api.close();
    }
  });
});

describe('deploy errors, as one line', () => {
  it('a vendor error names the action, code and message', async () => {
    const api = await standIn({
      failAction: { action: 'CreateFunction', code: 'LimitExceeded.Function', message: 'function quota exceeded' },
    });
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=tencent', '--package', '.serverless'], credentials(api));
      expect(code).not.toBe(0);
      expect(output).toContain('Tencent SCF CreateFunction failed: LimitExceeded.Function: function quota exceeded');
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await api.close();
    }
  });

  it("missing credentials, region or secret are named with the command's own verb; an unknown cloud lists the two", async () => {
    const api = await standIn();
    try {
      const env = credentials(api);
      const { TENCENTCLOUD_SECRET_KEY: _, ...noKey } = env;
      expect((await serverless(['remove', '--param', 'cloud=tencent'], noKey)).output).toContain(
        'removing from Tencent Cloud needs TENCENTCLOUD_SECRET_KEY in the environment',
      );
      expect((await serverless(['info', '--param', 'cloud=tencent'], noKey)).output).toContain(
        'reading what is deployed on Tencent Cloud needs TENCENTCLOUD_SECRET_KEY',
      );
      const { TENCENTCLOUD_REGION: __, ...noRegion } = env;
      expect((await serverless(['info', '--param', 'cloud=tencent'], noRegion)).output).toContain('needs a region');
      const { ALERTHOOK_TOKEN: ___, ...noToken } = env;
      const result = await serverless(['deploy', '--param', 'cloud=tencent', '--package', '.serverless'], {
        ...noToken,
        ALERTHOOK_TOKEN: '',
      });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('set ALERTHOOK_TOKEN');
      expect((await serverless(['info'], env)).output).toContain('choose a cloud: --param cloud=tencent or --param cloud=volcengine');
      const aws = await serverless(['info', '--param', 'cloud=aws'], env);
      expect(aws.code).not.toBe(0);
      expect(aws.output).toContain('unknown cloud "aws": choose --param cloud=tencent or --param cloud=volcengine');
    } finally {
      await api.close();
    }
  });
});
