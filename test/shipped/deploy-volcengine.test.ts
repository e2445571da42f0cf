import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS, serverless as runServerless, serviceWith } from '../helpers/serverless-cli.js';
import { closedPort } from '../helpers/closed-port.js';
import {
  startVolcengineStandIn,
  VEFAAS_RUNTIMES,
  type VolcengineStandIn,
  type VolcengineStandInOptions,
} from '../helpers/volcengine-stand-in.js';

// The real serverless CLI (osls) runs alerthook's plugin against a strict stand-in of Volcengine's
// veFaaS and API gateway OpenAPIs (test/helpers/volcengine-stand-in.ts, written from
// ../shared/cloud-apis/volcengine-*.md): actions only at their listed versions and signing names,
// unknown or missing fields refused, a native runtime without Command refused, releases that roll out.

// A service directory of this file's own: the deploy test files run in parallel, and each writes .serverless/.
const SERVICE = serviceWith((yml) => yml);
afterAll(() => rmSync(SERVICE, { recursive: true, force: true }));
const serverless = (args: string[], env: Record<string, string>, serviceDir = SERVICE) => runServerless(args, env, serviceDir);

const MUTATING = /^(Create|Update|Delete|Release|CodeUpload|GetCodeUploadAddress|PUT)/;
const FUNCTION = 'alerthook-prod-volcengine';

function credentials(api: VolcengineStandIn): Record<string, string> {
  return {
    VOLCENGINE_ACCESS_KEY: 'AKLTtest',
    VOLCENGINE_SECRET_KEY: SECRETS.VOLCENGINE_SECRET_KEY,
    VOLCENGINE_REGION: 'cn-beijing',
    ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN,
    ALERTHOOK_VOLCENGINE_ENDPOINT: api.url,
  };
}

function standIn(options: Partial<VolcengineStandInOptions> = {}): Promise<VolcengineStandIn> {
  return startVolcengineStandIn({ accessKey: 'AKLTtest', secretKey: SECRETS.VOLCENGINE_SECRET_KEY, region: 'cn-beijing', ...options });
}

const mutationsOf = (api: VolcengineStandIn, from = 0) =>
  api.calls
    .slice(from)
    .filter((c) => c.error === undefined)
    .map((c) => c.action)
    .filter((a) => MUTATING.test(a));
const refusals = (api: VolcengineStandIn, from = 0) =>
  api.calls
    .slice(from)
    .filter((c) => c.error !== undefined)
    .map((c) => `${c.action}: ${c.error}`);
const theFunction = (api: VolcengineStandIn) => [...api.functions.values()].find((f) => f.Name === FUNCTION);
const withRuntime = (runtime: string) =>
  serviceWith((yml) => yml.replace('runtime: native-node20/v1', `runtime: ${runtime}`).replace(/\n {4}command: .*\n {4}port: .*/, ''));

describe('serverless deploy / info / remove → Volcengine veFaaS on native-node20/v1 + API gateway (strict stand-in)', () => {
  let api: VolcengineStandIn;
  let env: Record<string, string>;
  beforeAll(async () => {
    // A release shows the previous one's status for a while, then rolls out over a few reads.
    api = await standIn({ staleReleaseReads: 2, rolloutReads: 3 });
    env = credentials(api);
  });
  afterAll(() => api?.close());

  it("first deploy: a native function whose command serves on its port, code uploaded, released at full weight, a route; prints the route's https URL", async () => {
    const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], env);
    expect(code, output).toBe(0);
    expect(refusals(api)).toEqual([]);
    expect(api.calls.every((c) => c.signatureValid)).toBe(true);
    expect(mutationsOf(api)).toEqual([
      'CreateFunction',
      'GetCodeUploadAddress',
      'PUT upload',
      'CodeUploadCallback',
      'Release',
      'CreateGatewayService',
      'CreateUpstream',
      'CreateRoute',
    ]);
    expect(readdirSync(join(SERVICE, '.serverless', 'bundles'))).toEqual(['volcengine']);
    const create = api.calls.find((c) => c.action === 'CreateFunction')!.body;
    expect(create).toMatchObject({ Name: FUNCTION, Runtime: 'native-node20/v1', Command: 'node server.js', Port: 8000 });
    expect(api.calls.find((c) => c.action === 'CodeUploadCallback')).toMatchObject({
      version: '2021-03-03',
      body: { FunctionId: theFunction(api)!.Id },
    });
    expect(api.calls.find((c) => c.action === 'Release')!.body).toMatchObject({ RevisionNumber: 0, TargetTrafficWeight: 100 });
    expect(api.calls.find((c) => c.action === 'ListFunctions')!.body.Filters).toEqual([{ Name: 'Name', Values: [FUNCTION] }]);
    const fn = theFunction(api)!;
    const files = unzipSync(fn.zip!);
    for (const entry of ['index.js', 'server.js'])
      expect(Buffer.from(files[entry]!).equals(readFileSync(join(SERVICE, '.serverless', 'bundles', 'volcengine', entry)))).toBe(true);
    // veFaaS's native-node20 may run this very Node 20: the package carries the server's code cache.
    expect(Object.keys(files)).toContain('server.bundle.cache');
    expect(output).toContain(`code cache:   made by Node ${process.version}; taken only if native-node20/v1 runs that very release`);
    expect(fn.Envs).toEqual({ ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN });
    expect(fn.release).toMatchObject({ status: 'done', stable: 1 });
    const [routeId] = [...api.routes.keys()];
    expect(output).toMatch(new RegExp(`url:\\s+https://${routeId}\\.apigateway-cn-beijing\\.volceapi\\.com/\\n`));
    expect(output).not.toContain('https://https://');
    expect(output).toContain('Token header');
  });

  it('redeploy: updates without a Runtime, releases again and waits past the previous release\'s "done"; nothing added on the gateway', async () => {
    const from = api.calls.length;
    const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], {
      ...env,
      ALERTHOOK_DEFAULT_SEVERITY: 'critical',
    });
    expect(code, output).toBe(0);
    expect(refusals(api, from)).toEqual([]);
    expect(mutationsOf(api, from)).toEqual(['UpdateFunction', 'GetCodeUploadAddress', 'PUT upload', 'CodeUploadCallback', 'Release']);
    expect(api.calls.slice(from).find((c) => c.action === 'UpdateFunction')!.body).not.toHaveProperty('Runtime');
    // The deploy returned only once the new revision was the stable one.
    expect(theFunction(api)!.release).toMatchObject({ status: 'done', stable: 2 });
    expect([api.services.size, api.upstreams.size, api.routes.size]).toEqual([1, 1, 1]);
    expect(theFunction(api)!.Envs.ALERTHOOK_DEFAULT_SEVERITY).toBe('critical');
  });

  it('asking for another runtime (node20/v1) stops the deploy with what to do, before changing anything', async () => {
    const service = withRuntime('node20/v1');
    const from = api.calls.length;
    const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], env, service);
    expect(code).not.toBe(0);
    expect(output).toContain(
      `Volcengine veFaaS function ${FUNCTION} runs native-node20/v1, and serverless.yml asks for node20/v1: veFaaS cannot change a function's runtime`,
    );
    expect(mutationsOf(api, from)).toEqual([]);
    rmSync(service, { recursive: true, force: true });
  });

  it('info prints the URL and changes nothing; remove deletes route, upstream, service and function, in that order', async () => {
    let from = api.calls.length;
    const info = await serverless(['info', '--param', 'cloud=volcengine'], env);
    expect(info.code, info.output).toBe(0);
    expect(info.output).toMatch(/url:\s+https:\/\/rt-\w+\.apigateway-cn-beijing\.volceapi\.com\//);
    expect(mutationsOf(api, from)).toEqual([]);
    from = api.calls.length;
    const removed = await serverless(['remove', '--param', 'cloud=volcengine'], env);
    expect(removed.code, removed.output).toBe(0);
    expect(refusals(api, from)).toEqual([]);
    expect(mutationsOf(api, from)).toEqual(['DeleteRoute', 'DeleteUpstream', 'DeleteGatewayService', 'DeleteFunction']);
    expect([api.functions.size, api.services.size, api.upstreams.size, api.routes.size]).toEqual([0, 0, 0, 0]);
    expect((await serverless(['info', '--param', 'cloud=volcengine'], env)).output).toContain(`${FUNCTION}: not deployed`);
  });
});

describe('Volcengine on node20/v1 (set in serverless.yml)', () => {
  it('deploys a handler function: no Command, no Port', async () => {
    const api = await standIn();
    const service = withRuntime('node20/v1');
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], credentials(api), service);
      expect(code, output).toBe(0);
      expect(refusals(api)).toEqual([]);
      const create = api.calls.find((c) => c.action === 'CreateFunction')!.body;
      expect(create.Runtime).toBe('node20/v1');
      expect(create).not.toHaveProperty('Command');
      expect(create).not.toHaveProperty('Port');
      expect(theFunction(api)!.release.status).toBe('done');
    } finally {
      await api.close();
      rmSync(service, { recursive: true, force: true });
    }
  });

  it("where node20/v1 is no longer offered, the vendor's refusal is the one line shown", async () => {
    const api = await standIn({ runtimes: VEFAAS_RUNTIMES.filter((r) => r !== 'node20/v1') });
    const service = withRuntime('node20/v1');
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine'], credentials(api), service);
      expect(code).not.toBe(0);
      expect(output).toContain('Volcengine vefaas CreateFunction failed: InvalidParameter.Runtime: runtime node20/v1 is not supported');
    } finally {
      await api.close();
      rmSync(service, { recursive: true, force: true });
    }
  });
});

describe('Volcengine facts that are unconfirmed, each answer covered', () => {
  async function deployTwice(options: Partial<VolcengineStandInOptions>, before?: (api: VolcengineStandIn) => void) {
    const api = await standIn(options);
    before?.(api);
    try {
      for (let i = 0; i < 2; i++) {
        const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], credentials(api));
        expect(code, output).toBe(0);
      }
      return { api, refused: refusals(api), mutations: mutationsOf(api) };
    } finally {
      await api.close();
    }
  }

  it.each([
    ['only at 2021-03-03', ['2021-03-03']],
    ['at both versions', ['2021-03-03', '2024-06-06']],
    ['only at 2024-06-06', ['2024-06-06']],
  ])('CodeUploadCallback answered %s', async (_, versions) => {
    const { mutations } = await deployTwice({ codeUploadCallbackVersions: versions });
    expect(mutations.filter((a) => a === 'CodeUploadCallback')).toHaveLength(2);
  });

  it('ListFunctions ignoring the Name filter: the function is still found among others, so redeploy updates it', async () => {
    const { mutations } = await deployTwice({ listFilter: 'ignored' }, (api) => {
      for (const name of [`${FUNCTION}-old`, 'someone-else']) {
        api.functions.set(`fn-${name}`, {
          Id: `fn-${name}`,
          Name: name,
          Runtime: 'python3.9/v1',
          Envs: {},
          zip: null,
          uploaded: false,
          codeReady: false,
          release: { status: 'pending', stable: -1, weight: 0, readsLeft: 0, staleLeft: 0 },
          revisions: 0,
        });
      }
    });
    expect(mutations.filter((a) => a === 'CreateFunction' || a === 'UpdateFunction')).toEqual(['CreateFunction', 'UpdateFunction']);
  });

  it('runtimes reported as server-side aliases do not look like a change of runtime', async () => {
    const { mutations } = await deployTwice({ runtimeAliases: true });
    expect(mutations).toContain('UpdateFunction');
  });

  it('routes without Domains and service domains without a scheme: the URL comes from the service, once https://', async () => {
    const api = await standIn({ routeDomains: false, serviceDomainsHaveScheme: false });
    try {
      const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], credentials(api));
      expect(code, output).toBe(0);
      const [serviceId] = [...api.services.keys()];
      expect(output).toMatch(new RegExp(`url:\\s+https://${serviceId}\\.apigateway-cn-beijing\\.volceapi\\.com/\\n`));
      expect(output).not.toContain('https://https://');
    } finally {
      await api.close();
    }
  });

  it('a function recreated under the same name gets its route back: the upstream left pointing at the old one is replaced', async () => {
    const api = await standIn();
    try {
      expect((await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], credentials(api))).code).toBe(0);
      const old = theFunction(api)!;
      api.functions.delete(old.Id); // deleted in the console
      const { code, output } = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], credentials(api));
      expect(code, output).toBe(0);
      const [upstream] = [...api.upstreams.values()];
      expect(upstream?.FunctionId).toBe(theFunction(api)!.Id);
      expect(upstream?.FunctionId).not.toBe(old.Id);
      expect(api.routes.size).toBe(1);
    } finally {
      await api.close();
    }
  });
});

describe('Volcengine deploy errors, as one line', () => {
  it('a vendor error, a region without a serverless gateway, a wrong key, an unreachable endpoint', async () => {
    const failing = await standIn({ failAction: { action: 'Release', code: 'InternalError', message: 'release backend unavailable' } });
    const noGateway = await standIn({ gateways: [{ Id: 'gd-std', Name: 'std', Type: 'standard', Status: 'Running' }] });
    try {
      const a = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], credentials(failing));
      expect(a.code).not.toBe(0);
      expect(a.output).toContain('Volcengine vefaas Release failed: InternalError: release backend unavailable');
      expect(a.output).not.toMatch(/\n\s+at /);
      const b = await serverless(['deploy', '--param', 'cloud=volcengine', '--package', '.serverless'], credentials(noGateway));
      expect(b.code).not.toBe(0);
      expect(b.output).toContain('no running serverless API gateway in this region');
      const wrongKey = await serverless(['info', '--param', 'cloud=volcengine'], {
        ...credentials(noGateway),
        VOLCENGINE_SECRET_KEY: 'wrong',
      });
      expect(wrongKey.code).not.toBe(0);
      expect(wrongKey.output).toContain('SignatureDoesNotMatch');
      const port = await closedPort();
      const dead = await serverless(['info', '--param', 'cloud=volcengine'], {
        ...credentials(noGateway),
        ALERTHOOK_VOLCENGINE_ENDPOINT: `http://127.0.0.1:${port}`,
      });
      expect(dead.code).not.toBe(0);
      expect(dead.output).toContain(`Volcengine vefaas ListFunctions: cannot reach 127.0.0.1:${port}: fetch failed: connect ECONNREFUSED`);
      const noKey = await serverless(['remove', '--param', 'cloud=volcengine'], { ...credentials(noGateway), VOLCENGINE_ACCESS_KEY: '' });
      expect(noKey.output).toContain('removing from Volcengine needs VOLCENGINE_ACCESS_KEY in the environment');
    } finally {
      await failing.close();
      await noGateway.close();
    }
  });
});
