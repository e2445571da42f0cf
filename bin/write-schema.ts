// `npm run schema [OUT]`: regenerates the published JSON Schema of the contract from its zod source
// (schema/alert-event.v1.json by default). A test fails when the committed file and the source drift.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alertEventJsonSchema } from '../lib/event/alert-event.js';
import { packageRoot } from '../lib/package-root.js';

const out = process.argv[2] ? resolve(process.argv[2]) : join(packageRoot(), 'schema', 'alert-event.v1.json');
writeFileSync(out, `${JSON.stringify(alertEventJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
