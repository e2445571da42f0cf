import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_LOCAL_SINK, loadConfig } from '../config.js';
import { stdoutLog } from '../log.js';
import { redactSinkUrls } from '../sinks/sink-url.js';
import { startLocalServer } from '../server/local-server.js';
import { openSinks } from '../sinks/create-sink.js';
import { CliError } from './cli-error.js';

const EXAMPLES = resolve(fileURLToPath(import.meta.url), '../../../../examples');

/**
 * `alerthook serve` (what `npm start` runs). Request log lines go to stdout as JSON; the
 * human-facing banner goes to stderr so stdout stays machine-readable.
 */
export async function serveCommand(flags: { host?: string | undefined; port?: string | undefined }): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { sinkUrl: DEFAULT_LOCAL_SINK });
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message, 2) : error;
  }
  const host = flags.host ?? process.env.ALERTHOOK_HOST ?? '127.0.0.1';
  const portText = flags.port ?? process.env.PORT ?? '8787';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new CliError(`port must be 0-65535, got "${portText}"`, 2);

  const sink = await openSinks(config.sinkUrl, config.deadLetterUrl).catch((error: unknown) => {
    throw new CliError(`cannot open sink ${redactSinkUrls(config.sinkUrl)}: ${(error as Error).message}`);
  });
  const server = await startLocalServer({ config, sink, host, port: Number(portText), log: stdoutLog }).catch((error: unknown) => {
    throw new CliError(`cannot listen on ${host}:${portText}: ${(error as Error).message}`);
  });

  const say = (line = '') => process.stderr.write(`${line}\n`);
  say(`alerthook listening on ${server.url}`);
  say(`  POST ${server.url}/tencent      Tencent Cloud Monitor callbacks`);
  say(`  POST ${server.url}/volcengine   Volcengine CloudMonitor callbacks`);
  say(`  events go to ${sink.description}`);
  const auth = config.token === null ? '' : ` -u "alerthook:$ALERTHOOK_TOKEN"`;
  if (config.token === null) {
    say();
    say('  WARNING: ALERTHOOK_TOKEN is not set, so this server accepts callbacks from anyone who can reach it.');
    say('  Fine on 127.0.0.1 for a try-out; set ALERTHOOK_TOKEN before exposing it.');
  }
  const sample = resolve(EXAMPLES, 'volcengine-metric.json');
  if (existsSync(sample)) {
    const shown = relative(process.cwd(), sample).startsWith('..') ? sample : relative(process.cwd(), sample);
    say();
    say('Send a sample callback (a Volcengine sample body, verbatim from its docs):');
    say(`  curl -sS${auth} -H 'content-type: application/json' -H 'x-volc-trace-id: demo-1' --data-binary @${shown} ${server.url}/volcengine`);
  }
  say();

  const stop = () => {
    void server.close().then(() => sink.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
