import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { VendorManifest, VendorRegistration } from '../lib/vendors/vendor.js';
import { registeredVendor, registeredVendors } from '../lib/vendors/registry.js';
import { bundleFunctions } from './bundle-functions.js';
import type { CloudDeployer, DeployedFunction } from './cloud-deployer.js';
import { fallbackNotes, redriveSchedule } from './redrive-schedule.js';
import { DeployError } from './deploy-error.js';
import { functionEnvironment } from './function-environment.js';
import { functionRuntime, PLATFORM_DEPLOYERS, type FunctionConfig } from './platforms.js';
import { unzipSync } from 'fflate';
import { codeCacheMaker } from './code-cache-loader.js';
import { codeCacheNodeFor, codeCacheNote } from './code-cache.js';
import { zipFolder } from './zip.js';

/**
 * The `alerthook` provider for the Serverless Framework v3 API (run by osls, its maintained fork):
 * `serverless package` bundles and zips each function offline; `deploy`, `info` and `remove` drive
 * the platform the chosen vendor's manifest names (Tencent SCF, Volcengine veFaaS), chosen with
 * `--param cloud=<vendor>`. Credentials come only from the environment; nothing is written but the
 * zips in `.serverless/`.
 */

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

/** `--param cloud=tencent or --param cloud=volcengine`: "cloud" is the vendor's name, as in serverless.yml. */
function cloudChoices(): string {
  return registeredVendors()
    .map((vendor) => `--param cloud=${vendor.name}`)
    .join(' or ');
}

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
          cloud: { type: 'string', enum: registeredVendors().map((vendor) => vendor.name) },
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

  /**
   * The vendor named with --param cloud=; when none is, null (packaging every cloud is then fine),
   * or a DeployError asking for one when the command needs it.
   */
  private selectedCloud(required: true): VendorRegistration;
  private selectedCloud(required: false): VendorRegistration | null;
  private selectedCloud(required: boolean): VendorRegistration | null {
    const cloud = this.serverless.service.provider.cloud ?? '';
    if (cloud === '') {
      if (required) throw new DeployError(`choose a cloud: ${cloudChoices()}`);
      return null;
    }
    const vendor = registeredVendor(cloud);
    if (vendor === undefined) throw new DeployError(`unknown cloud "${cloud}": choose ${cloudChoices()}`);
    return vendor;
  }

  private functionsOf(cloud: VendorRegistration | null): { key: string; fn: FunctionConfig }[] {
    return this.serverless.service
      .getAllFunctions()
      .map((key) => ({ key, fn: this.serverless.service.getFunction(key) }))
      .filter(({ fn }) => cloud === null || fn.cloud === cloud.name);
  }

  /**
   * Where packages go and are read back from: `--package DIR` (relative to the service, or absolute),
   * as the framework's own packaging does, else `.serverless`.
   */
  private packageDir(): string {
    return resolve(this.serverless.serviceDir, this.options.package ?? '.serverless');
  }

  /** Bundles and zips the chosen cloud's functions (every cloud's when none is chosen). */
  private async packageFunctions(): Promise<void> {
    const out = this.packageDir();
    const functions = this.functionsOf(this.selectedCloud(false));
    // The other cloud's functions are not deployed: without this the framework zips the whole service
    // folder for them (a checkout's node_modules and all: seconds of CPU and megabytes, for nothing).
    for (const key of this.serverless.service.getAllFunctions()) {
      const fn = this.serverless.service.getFunction(key);
      if (!functions.some((chosen) => chosen.fn === fn)) fn.package = { ...fn.package, disable: true };
    }
    // A code cache only where the function's runtime can take it (SCF's Nodejs18.15 never takes the
    // deployer's Node 20's): elsewhere it would be 220 KB read at every cold start for nothing.
    const runtimeOf = (cloud: string) => {
      const chosen = functions.find(({ fn }) => fn.cloud === cloud);
      const vendor = registeredVendor(cloud);
      return chosen === undefined || vendor === undefined ? '' : functionRuntime(chosen.fn, vendor.platform);
    };
    const reports = await bundleFunctions(join(out, 'bundles'), [...new Set(functions.map(({ fn }) => fn.cloud))], (cloud) =>
      codeCacheNodeFor(runtimeOf(cloud), process.env),
    );
    await mkdir(out, { recursive: true });
    for (const { key, fn } of functions) {
      const report = reports.find((r) => r.function === fn.cloud);
      if (!report) throw new DeployError(`function ${key}: no bundle for cloud "${fn.cloud}"`);
      const zip = await zipFolder(report.dir);
      const artifact = join(out, `${this.functionName(key)}.zip`);
      await writeFile(artifact, zip);
      fn.package = { ...fn.package, artifact };
      const sized = (suffix: string) =>
        report.files
          .filter((f) => f.name.endsWith(suffix))
          .map((f) => `${f.name.slice(0, -suffix.length)} ${(f.bytes / 1024).toFixed(0)} KiB`);
      const entries = report.files
        .filter((f) => f.name.endsWith('.js') && !f.name.endsWith('-sink.js') && !f.name.endsWith('-dead-letters.js'))
        .map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`);
      this.utils.log.notice(
        `${key}: ${artifact} — zip ${(zip.length / 1024).toFixed(0)} KiB; ${entries.join(', ')}; sinks, loaded only when configured: ${sized('-sink.js').join(', ')}; fallback stores, only with ALERTHOOK_FALLBACK: ${sized('-dead-letters.js').join(', ')}`,
      );
    }
  }

  private deployers(command: Command): { key: string; fn: FunctionConfig; deployer: CloudDeployer }[] {
    const vendor = this.selectedCloud(true);
    const platform = PLATFORM_DEPLOYERS[vendor.platform];
    const what = `${VERB[command]} ${platform.title}`;
    return this.functionsOf(vendor).map(({ key, fn }) => ({
      key,
      fn,
      deployer: platform.create({
        env: process.env,
        functionName: this.functionName(key),
        fn,
        provider: this.serverless.service.provider,
        what,
      }),
    }));
  }

  /** The address, what to paste into the vendor's console, and what to do there. */
  private print(deployed: DeployedFunction, deployNotes: string[] = []): void {
    const vendor = this.selectedCloud(true);
    this.utils.writeText(
      [
        `${deployed.functionName} (${vendor.name})`,
        `  url:          ${deployed.url ?? '(not reported: see below)'}`,
        ...(deployed.url === null ? [] : [`  callback URL: ${vendor.callbackUrl(deployed.url)}`, ...pasteWhere(vendor, deployed.url)]),
        ...deployed.notes.map((line) => `  ${line}`),
        ...fallbackNotes(process.env).map((line) => `  ${line}`),
        ...deployNotes.map((line) => `  ${line}`),
      ].join('\n'),
    );
  }

  private async deploy(): Promise<void> {
    const { environment, leftOut } = functionEnvironment(process.env, [this.selectedCloud(true)]);
    if (leftOut.length > 0) this.utils.log.warning(`left out of the function's environment, being empty: ${leftOut.join(', ')}`);
    for (const { key, fn, deployer } of this.deployers('deploy')) {
      // Set by this run's package step, or found in the folder `--package DIR` names.
      const artifact =
        fn.package?.artifact ?? (this.options.package ? join(this.packageDir(), `${this.functionName(key)}.zip`) : undefined);
      if (!artifact) throw new DeployError(`function ${key} has no package; run serverless package first`);
      this.utils.log.notice(`deploying ${this.functionName(key)} to ${fn.cloud} (${Object.keys(environment).sort().join(', ')})`);
      const zip = await readFile(artifact).catch(() => {
        throw new DeployError(`cannot read ${artifact}; run serverless package first`);
      });
      // The bundle's V8 code cache is taken only by the V8 that made it (deploy/code-cache.ts).
      const loader = unzipSync(zip, { filter: (file) => file.name === 'index.js' })['index.js'];
      const maker = loader === undefined ? null : codeCacheMaker(Buffer.from(loader).toString('utf8'));
      const runtime = functionRuntime(fn, this.selectedCloud(true).platform);
      // A native runtime's timer is an HTTP request: without a secret the function ignores it (function-instance.ts).
      const ignoredTimer =
        runtime.startsWith('native-') && environment.ALERTHOOK_TOKEN === undefined && redriveSchedule(environment) !== null
          ? [
              'WARNING:      without ALERTHOOK_TOKEN this native-runtime function ignores its timer: no redrive or heartbeat will run; set it',
            ]
          : [];
      this.print(await deployer.deploy(zip, environment), [codeCacheNote(runtime, maker), ...ignoredTimer]);
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

/** What to paste in which console: each source's steps, or the vendor's own where it lists no sources. */
function pasteWhere(vendor: VendorManifest, url: string): string[] {
  const sources = vendor.sources ?? [];
  if (sources.length === 0) return vendor.consoleSteps().map((line) => `  ${line}`);
  return sources.flatMap((source) => [`  ${source.title}:`, ...source.consoleSteps(url).map((line) => `    ${line}`)]);
}
