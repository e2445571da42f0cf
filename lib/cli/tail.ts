import { errorMessage } from '../errors.js';
import { redactSinkUrls } from '../sinks/sink-url.js';
import { tailSink } from '../sinks/tail-sink.js';
import { asSinkUrl } from '../sinks/registry.js';
import { checkCommandLineSinkUrl } from './cli-config.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';
import type { CliCommand } from './command.js';
import { sinkUsage } from './sink-usage.js';

export const tailCommand: CliCommand = {
  name: 'tail',
  summary: 'Print the events arriving in a sink, one JSON per line, until Ctrl-C or --max events.',
  operands: 'SINK_URL|DIR',
  arity: { min: 1, max: 1 },
  options: {
    'from-start': { type: 'boolean', description: 'also print what a directory or bucket already holds (queues start from now)' },
    max: { type: 'string', value: 'N', description: 'stop after N events' },
  },
  description: () =>
    "Reads as a consumer would, and takes nothing from the sink's real consumers: a private queue bound to the\n" +
    'AMQP exchange (&bind=PATTERN, default alert.#), a RocketMQ group named with &group=, a Kafka consumer group of\n' +
    'its own. A plain directory is read as file://DIR. Credentials come from the same variables the sink uses.\n' +
    `Sinks it reads:\n${sinkUsage((kind) => kind.tail !== undefined)}`,
  examples: ['alerthook tail --from-start --max 1 ./data', "alerthook tail 'amqp://user:pass@mq.internal/prod?exchange=alerts'"],
  async run(values, [url]) {
    await tail(url as string, { fromStart: values['from-start'] === true, max: values.max as string | undefined });
    return 0;
  },
};

async function tail(url: string, flags: { fromStart: boolean; max: string | undefined }): Promise<void> {
  if (flags.max !== undefined && !/^[1-9]\d*$/.test(flags.max))
    throw new CliError(`--max takes a positive whole number, got "${flags.max}"`, USAGE_MISTAKE);
  checkCommandLineSinkUrl(asSinkUrl(url), 'SINK_URL');
  const max = flags.max === undefined ? Number.POSITIVE_INFINITY : Number(flags.max);
  const controller = new AbortController();
  let printed = 0;
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await tailSink(
      url,
      (json) => {
        if (printed >= max) return;
        process.stdout.write(`${json}\n`);
        if (++printed >= max) controller.abort();
      },
      {
        fromStart: flags.fromStart,
        signal: controller.signal,
        env: process.env,
        onReady: (description) => process.stderr.write(`tailing ${description} (Ctrl-C to stop)\n`),
      },
    );
  } catch (error) {
    throw new CliError(`cannot tail ${redactSinkUrls(url)}: ${errorMessage(error)}`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
