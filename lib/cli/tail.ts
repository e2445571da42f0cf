import { redactSinkUrls } from '../sinks/sink-url.js';
import { tailSink } from '../tail/tail.js';
import { CliError } from './cli-error.js';

/** `alerthook tail`: events on stdout, one JSON per line, until Ctrl-C or `--max` events. */
export async function tailCommand(url: string, flags: { fromStart: boolean; max: string | undefined }): Promise<void> {
  if (flags.max !== undefined && !/^[1-9]\d*$/.test(flags.max)) throw new CliError(`--max takes a positive whole number, got "${flags.max}"`, 2);
  const max = flags.max === undefined ? Number.POSITIVE_INFINITY : Number(flags.max);
  const controller = new AbortController();
  let printed = 0;
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  process.stderr.write(`tailing ${redactSinkUrls(url)} (Ctrl-C to stop)\n`);
  await tailSink(
    url,
    (json) => {
      if (printed >= max) return;
      process.stdout.write(`${json}\n`);
      if (++printed >= max) controller.abort();
    },
    { fromStart: flags.fromStart, signal: controller.signal, env: process.env },
  ).catch((error: unknown) => {
    throw new CliError(`cannot tail ${redactSinkUrls(url)}: ${error instanceof Error ? error.message : String(error)}`);
  });
}
