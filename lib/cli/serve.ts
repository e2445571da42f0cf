import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_LOCAL_SINK } from '../config.js';
import { errorMessage } from '../errors.js';
import { stdoutLog } from '../log.js';
import { packageRoot } from '../package-root.js';
import { startLocalServer } from '../server/local-server.js';
import { registeredVendors } from '../vendors/registry.js';
import { loadCliConfig } from './cli-config.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';
import type { CliCommand } from './command.js';
import { fallbackBanner, openServeStores } from './serve-stores.js';
import { stopOnSignal } from './serve-shutdown.js';
import { sinkUsage } from './sink-usage.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the receiver locally: POST /<vendor> for each vendor, events into ALERTHOOK_SINK.',
  operands: '',
  arity: { min: 0, max: 0 },
  options: {
    host: { type: 'string', value: 'HOST', description: 'address to listen on (default ALERTHOOK_HOST, else 127.0.0.1)' },
    port: { type: 'string', value: 'PORT', description: 'port to listen on, 0 for any free one (default PORT, else 8787)' },
  },
  description: () =>
    'The same pipeline the cloud functions run. Events go to ALERTHOOK_SINK (default file://./data), bad bodies to\n' +
    'ALERTHOOK_DEAD_LETTER (default the first sink). One JSON log line per request on stdout; this banner on stderr.\n' +
    `Sinks (several separated by commas):\n${sinkUsage()}`,
  examples: [
    'alerthook serve',
    "ALERTHOOK_TOKEN=s3cret ALERTHOOK_SINK='s3://alerts?endpoint=cos.ap-guangzhou.myqcloud.com' alerthook serve --host 0.0.0.0 --port 8080",
  ],
  async run(values) {
    await serve({ host: values.host as string | undefined, port: values.port as string | undefined });
    return 0;
  },
};

/**
 * `alerthook serve` (what `npm start` runs). Request log lines go to stdout as JSON; the
 * human-facing banner goes to stderr so stdout stays machine-readable.
 */
async function serve(flags: { host?: string | undefined; port?: string | undefined }): Promise<void> {
  const config = loadCliConfig(DEFAULT_LOCAL_SINK);
  const host = flags.host ?? process.env.ALERTHOOK_HOST ?? '127.0.0.1';
  const portText = flags.port ?? process.env.PORT ?? '8787';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    // --port is a mistake on the command line; PORT one in the environment (see CliError).
    throw flags.port === undefined
      ? new CliError(`PORT must be 0-65535, got "${portText}"`)
      : new CliError(`--port takes 0-65535, got "${portText}"`, USAGE_MISTAKE);
  }

  const { sink, fallback, sinkProblem } = await openServeStores(config);
  const server = await startLocalServer({
    config,
    sink: sink.open,
    ...(fallback === null ? {} : { fallback }),
    host,
    port: Number(portText),
    log: stdoutLog,
  }).catch(async (error: unknown) => {
    await sink.close();
    throw new CliError(`cannot listen on ${host}:${portText}: ${errorMessage(error)}`);
  });

  const say = (line = '') => process.stderr.write(`${line}\n`);
  stopOnSignal(server.server, sink, say);
  const manifests = registeredVendors();
  const sourcesOfVendor = (vendor: (typeof manifests)[number]) => vendor.sources ?? [];
  const width = Math.max(
    ...manifests.flatMap((vendor) =>
      [vendor.httpPath, ...sourcesOfVendor(vendor).map((source) => `${vendor.httpPath}/${source.pathSegment}`)].map((path) => path.length),
    ),
  );
  say(`alerthook listening on ${server.url}`);
  for (const vendor of manifests) {
    const sources = sourcesOfVendor(vendor);
    // One URL per cloud takes every source; each source's own path is there for consoles that want one.
    const what = sources.length === 0 ? `${vendor.title} callbacks` : sources.map((source) => `${source.title} ${source.noun}s`).join(', ');
    say(`  POST ${server.url}${vendor.httpPath.padEnd(width)}   ${what}`);
    for (const source of sources) {
      say(`  POST ${server.url}${`${vendor.httpPath}/${source.pathSegment}`.padEnd(width)}   only ${source.title} ${source.noun}s`);
      // A log service has no fixed body: without alerthook's template in its console, nothing it sends reads.
      if (source.template !== undefined)
        say(`  ${' '.repeat(`POST ${server.url}`.length + width)}   (its body: paste what \`alerthook template ${source.name}\` prints)`);
    }
  }
  say(`  events go to ${sink.description}`);
  for (const line of fallbackBanner(config, fallback, sinkProblem)) say(line);
  const auth = config.token === null ? '' : ` -u "alerthook:$ALERTHOOK_TOKEN"`;
  if (config.token === null) {
    say();
    say('  WARNING: ALERTHOOK_TOKEN is not set, so this server accepts callbacks from anyone who can reach it.');
    say('  Fine on 127.0.0.1 for a try-out; set ALERTHOOK_TOKEN before exposing it.');
  }
  say();
  say("Send a sample callback or notification (the vendors' own sample bodies, and one per source):");
  for (const vendor of manifests) {
    // The vendor's own sample at its URL, then each other source's sample at the same URL: one URL takes them all.
    const samples = [
      vendor.sample,
      ...sourcesOfVendor(vendor).flatMap((source) =>
        source.sample === undefined || source.sample.file === vendor.sample.file ? [] : [source.sample],
      ),
    ];
    for (const { file, headers: sampleHeaders } of samples) {
      const sample = resolve(packageRoot(), 'lib', 'vendors', vendor.name, file);
      if (!existsSync(sample)) continue;
      const shown = relative(process.cwd(), sample).startsWith('..') ? sample : relative(process.cwd(), sample);
      const headers = Object.entries({ 'content-type': 'application/json', ...sampleHeaders })
        .map(([name, value]) => ` -H '${name}: ${value}'`)
        .join('');
      say(`  curl -sS${auth}${headers} --data-binary @${shown} ${server.url}${vendor.httpPath}`);
    }
  }
  say();
}
