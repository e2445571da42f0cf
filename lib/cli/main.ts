import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { serveCommand } from './serve.js';
import { normalizeCommand } from './normalize.js';
import { tailCommand } from './tail.js';
import { alertEventJsonSchema } from '../event/alert-event.js';
import { CliError } from './cli-error.js';

const USAGE = `usage:
  alerthook serve [--host 127.0.0.1] [--port 8787]
      Local receiver: POST /tencent and POST /volcengine, events into ALERTHOOK_SINK (default file://./data).
  alerthook normalize [--vendor tencent|volcengine] [--header 'Name: value']... FILE|-
      Print the JSON array of events a callback body yields (vendor detected when not given).
  alerthook tail [--from-start] [--max N] SINK_URL
      Print events as they arrive in a sink (file://, s3://, amqp://, kafka://, rocketmq+http://), one JSON per line.
  alerthook schema
      Print the JSON Schema of the alert event contract.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serveCommand(parseArgs({ args: rest, options: { host: { type: 'string' }, port: { type: 'string' } } }).values);
        return 0;
      case 'normalize': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { vendor: { type: 'string' }, header: { type: 'string', multiple: true } },
        });
        if (positionals.length !== 1) throw new CliError(`normalize takes one FILE (or - for stdin)\n${USAGE}`, 2);
        const file = positionals[0] as string;
        const body = file === '-' ? await readStdin() : await readFile(file).catch(() => {
          throw new CliError(`cannot read ${file}`);
        });
        process.stdout.write(`${normalizeCommand(body, { vendor: values.vendor, headers: values.header ?? [] })}\n`);
        return 0;
      }
      case 'tail': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { 'from-start': { type: 'boolean' }, max: { type: 'string' } },
        });
        if (positionals.length !== 1) throw new CliError(`tail takes one SINK_URL\n${USAGE}`, 2);
        await tailCommand(positionals[0] as string, { fromStart: values['from-start'] ?? false, max: values.max });
        return 0;
      }
      case 'schema':
        process.stdout.write(`${JSON.stringify(alertEventJsonSchema(), null, 2)}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${command}"\n${USAGE}`, 2);
    }
  } catch (error) {
    const usage = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`alerthook: ${error instanceof CliError || usage ? message : `unexpected error: ${message}`}\n`);
    return error instanceof CliError ? error.exitCode : usage ? 2 : 1;
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
