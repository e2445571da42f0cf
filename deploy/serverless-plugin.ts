import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFunctions } from '../bin/bundle-functions.js';
import { NATIVE_RUNTIME_PORT } from '../lib/runtime/http-function.js';
import type { CloudDeployer, DeployedFunction } from './cloud-deployer.js';
import { DeployError, functionEnvironment, requireEnv } from './deploy-error.js';
import { tencentScfDeployer } from './tencent-scf.js';
import { volcengineApi } from './volcengine-openapi.js';
import { vefaasDeployer } from './volcengine-vefaas.js';
import { zipFolder } from './zip.js';

/**
 * The `alerthook` provider for the Serverless Framework v3 API (run by osls, its maintained fork):
 * `serverless package` bundles and zips each function offline; `deploy`, `info` and `remove`
 * drive Tencent SCF or Volcengine veFaaS, chosen with `--param cloud=tencent|volcengine`.
 * Credentials come only from the environment; nothing is written but the zips in `.serverless/`.
 */

type Cloud = 'tencent' | 'volcengine';
const CLOUDS: readonly Cloud[] = ['tencent', 'volcengine'];

/** Defaults where serverless.yml says nothing; see the comments there for the choices. */
const DEFAULTS = {
  tencent: { handler: 'index.main_handler', runtime: 'Nodejs18.15', memorySize: 128, timeout: 10 },
  volcengine: { runtime: 'native-node20/v1', command: 'node server.js', port: NATIVE_RUNTIME_PORT, memorySize: 256, timeout: 10 },
} as const;

interface FunctionConfig {
  cloud: Cloud;
  handler?: string;
  runtime?: string;
  command?: string;
  port?: number;
  memorySize?: number;
  timeout?: number;
  package?: { artifact?: string };
}

interface Serverless {
  serviceDir: string;
  service: {
    service: string;
    provider: { name: string; stage?: string; cloud?: string; region?: string; namespace?: string; gateway?: string };
    getAllFunctions(): string[];
    getFunction(name: string): FunctionConfig;
  };
  configSchemaHandler: { defineProvider(name: string, schema: unknown): void };
  setProvider(name: string, provider: unknown): void;
  classes: { Error: new (message: string, code?: string) => Error };
}

interface PluginUtils {
  log: { notice(message: string): void; info(message: string): void; warning(message: string): void };
  writeText(text: string): void;
}

type Command = 'deploy' | 'info' | 'remove';
const VERB: Record<Command, string> = { deploy: 'deploying to', info: 'reading what is deployed on', remove: 'removing from' };

export default class AlerthookProviderPlugin {
  static getProviderName() {
    return 'alerthook';
  }

  readonly hooks: Record<string, () => Promise<void>>;

  constructor(
    private readonly serverless: Serverless,
    private readonly options: { stage?: string; package?: string },
    private readonly utils: PluginUtils,
  ) {
    serverless.configSchemaHandler.defineProvider('alerthook', {
      provider: {
        // The cloud is checked by the plugin, so a wrong one gets a message naming the right ones.
        properties: { cloud: { type: 'string' }, region: { type: 'string' }, namespace: { type: 'string' }, gateway: { type: 'string' } },
      },
      function: {
        properties: {
          cloud: { type: 'string', enum: [...CLOUDS] },
          handler: { type: 'string' },
          runtime: { type: 'string' },
          command: { type: 'string' },
          port: { type: 'integer' },
          memorySize: { type: 'integer' },
          timeout: { type: 'integer' },
        },
        required: ['cloud'],
      },
    });
    serverless.setProvider('alerthook', this);
    this.hooks = {
      'before:package:createDeploymentArtifacts': () => this.guard(() => this.packageFunctions()),
      'deploy:deploy': () => this.guard(() => this.deploy()),
      'info:info': () => this.guard(() => this.info()),
      'remove:remove': () => this.guard(() => this.remove()),
    };
  }

  /** Deploy errors as the framework's own: one message, no stack, non-zero exit. */
  private async guard(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof DeployError) throw new this.serverless.classes.Error(error.message, 'ALERTHOOK_DEPLOY');
      throw error;
    }
  }

  private get stage(): string {
    return this.options.stage ?? this.serverless.service.provider.stage ?? 'prod';
  }

  private functionName(key: string): string {
    return `${this.serverless.service.service}-${this.stage}-${key}`;
  }

  /** The cloud named with --param cloud=, or null when none is (packaging both is then fine). */
  private chosenCloud(): Cloud | null {
    const cloud = this.serverless.service.provider.cloud ?? '';
    if (cloud === '') return null;
    if (!(CLOUDS as readonly string[]).includes(cloud)) throw new DeployError(`unknown cloud "${cloud}": choose --param cloud=${CLOUDS.join(' or --param cloud=')}`);
    return cloud as Cloud;
  }

  private selectedCloud(): Cloud {
    const cloud = this.chosenCloud();
    if (cloud === null) throw new DeployError(`choose a cloud: --param cloud=${CLOUDS.join(' or --param cloud=')}`);
    return cloud;
  }

  private functionsOf(cloud: Cloud | null): { key: string; fn: FunctionConfig }[] {
    return this.serverless.service
      .getAllFunctions()
      .map((key) => ({ key, fn: this.serverless.service.getFunction(key) }))
      .filter(({ fn }) => cloud === null || fn.cloud === cloud);
  }

  /** Bundles and zips the chosen cloud's functions (both clouds' when none is chosen). */
  private async packageFunctions(): Promise<void> {
    const out = join(this.serverless.serviceDir, '.serverless');
    const functions = this.functionsOf(this.chosenCloud());
    const reports = await bundleFunctions(join(out, 'bundles'), [...new Set(functions.map(({ fn }) => fn.cloud))]);
    await mkdir(out, { recursive: true });
    for (const { key, fn } of functions) {
      const report = reports.find((r) => r.function === fn.cloud);
      if (!report) throw new DeployError(`function ${key}: no bundle for cloud "${fn.cloud}"`);
      const zip = await zipFolder(report.dir);
      const artifact = join(out, `${this.functionName(key)}.zip`);
      await writeFile(artifact, zip);
      fn.package = { ...fn.package, artifact };
      const entries = report.files.filter((f) => !f.name.endsWith('-sink.js') && f.name.endsWith('.js')).map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`);
      const sinks = report.files.filter((f) => f.name.endsWith('-sink.js')).map((f) => `${f.name.replace('-sink.js', '')} ${(f.bytes / 1024).toFixed(0)} KiB`);
      this.utils.log.notice(`${key}: ${artifact} — zip ${(zip.length / 1024).toFixed(0)} KiB; ${entries.join(', ')}; sinks, loaded only when configured: ${sinks.join(', ')}`);
    }
  }

  private deployers(command: Command): { key: string; fn: FunctionConfig; deployer: CloudDeployer }[] {
    const cloud = this.selectedCloud();
    const env = process.env;
    const provider = this.serverless.service.provider;
    const what = `${VERB[command]} ${cloud === 'tencent' ? 'Tencent Cloud' : 'Volcengine'}`;
    return this.functionsOf(cloud).map(({ key, fn }) => {
      if (cloud === 'tencent') {
        const [secretId, secretKey] = requireEnv(env, ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'], what);
        const region = provider.region || env.TENCENTCLOUD_REGION || '';
        if (region === '') throw new DeployError(`${what} needs a region: TENCENTCLOUD_REGION or --param region=ap-guangzhou`);
        const defaults = DEFAULTS.tencent;
        const deployer = tencentScfDeployer({
          secretId: secretId as string,
          secretKey: secretKey as string,
          region,
          functionName: this.functionName(key),
          handler: fn.handler ?? defaults.handler,
          namespace: provider.namespace || 'default',
          runtime: fn.runtime ?? defaults.runtime,
          memorySize: fn.memorySize ?? defaults.memorySize,
          timeout: fn.timeout ?? defaults.timeout,
          ...(env.ALERTHOOK_TENCENTCLOUD_ENDPOINT ? { endpoint: env.ALERTHOOK_TENCENTCLOUD_ENDPOINT, pollIntervalMs: 50, urlTimeoutMs: 2000 } : {}),
        });
        return { key, fn, deployer };
      }
      const [accessKey, secretKey] = requireEnv(env, ['VOLCENGINE_ACCESS_KEY', 'VOLCENGINE_SECRET_KEY'], what);
      const region = provider.region || env.VOLCENGINE_REGION || '';
      if (region === '') throw new DeployError(`${what} needs a region: VOLCENGINE_REGION or --param region=cn-beijing`);
      const api = volcengineApi({ accessKey: accessKey as string, secretKey: secretKey as string, region, ...(env.ALERTHOOK_VOLCENGINE_ENDPOINT ? { endpoint: env.ALERTHOOK_VOLCENGINE_ENDPOINT } : {}) });
      const defaults = DEFAULTS.volcengine;
      const deployer = vefaasDeployer({
        api,
        functionName: this.functionName(key),
        runtime: fn.runtime ?? defaults.runtime,
        command: fn.command ?? defaults.command,
        port: fn.port ?? defaults.port,
        memoryMb: fn.memorySize ?? defaults.memorySize,
        timeoutSeconds: fn.timeout ?? defaults.timeout,
        ...(provider.gateway ? { gatewayId: provider.gateway } : {}),
        ...(env.ALERTHOOK_VOLCENGINE_ENDPOINT ? { pollIntervalMs: 50 } : {}),
      });
      return { key, fn, deployer };
    });
  }

  private print(deployed: DeployedFunction): void {
    this.utils.writeText(
      [
        `${deployed.functionName} (${deployed.cloud})`,
        `  url:          ${deployed.url ?? '(not reported: see below)'}`,
        ...(deployed.callbackUrl === null ? [] : [`  callback URL: ${deployed.callbackUrl}`]),
        ...deployed.instructions.map((line) => `  ${line}`),
      ].join('\n'),
    );
  }

  private async deploy(): Promise<void> {
    const { environment, leftOut } = functionEnvironment(process.env);
    if (leftOut.length > 0) this.utils.log.warning(`left out of the function's environment, being empty: ${leftOut.join(', ')}`);
    for (const { key, fn, deployer } of this.deployers('deploy')) {
      // Set by this run's package step, or found in the folder `--package DIR` names.
      const artifact = fn.package?.artifact ?? (this.options.package ? join(this.serverless.serviceDir, this.options.package, `${this.functionName(key)}.zip`) : undefined);
      if (!artifact) throw new DeployError(`function ${key} has no package; run serverless package first`);
      this.utils.log.notice(`deploying ${this.functionName(key)} to ${fn.cloud} (${Object.keys(environment).sort().join(', ')})`);
      const zip = await readFile(artifact).catch(() => {
        throw new DeployError(`cannot read ${artifact}; run serverless package first`);
      });
      this.print(await deployer.deploy(zip, environment));
    }
  }

  private async info(): Promise<void> {
    for (const { key, deployer } of this.deployers('info')) {
      const deployed = await deployer.info();
      if (deployed) this.print(deployed);
      else this.utils.writeText(`${this.functionName(key)}: not deployed`);
    }
  }

  private async remove(): Promise<void> {
    for (const { key, deployer } of this.deployers('remove')) {
      this.utils.writeText(`${this.functionName(key)}: ${(await deployer.remove()) ? 'removed' : 'nothing to remove'}`);
    }
  }
}
