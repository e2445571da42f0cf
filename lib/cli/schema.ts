import { alertEventJsonSchema } from '../event/alert-event.js';
import type { CliCommand } from './command.js';

export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'Print the JSON Schema (draft 2020-12) of the alert event contract, v1.',
  operands: '',
  arity: { min: 0, max: 0 },
  options: {},
  description: "The same document as schema/alert-event.v1.json in the package; its $id is the events' dataschema.",
  examples: ['alerthook schema > alert-event.v1.json'],
  async run() {
    process.stdout.write(`${JSON.stringify(alertEventJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
