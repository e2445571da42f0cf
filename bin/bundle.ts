// `npm run bundle [OUT_DIR]`: builds the function bundles and prints their sizes.
import { resolve } from 'node:path';
import { bundleFunctions, formatReport } from '../deploy/bundle-functions.js';

const reports = await bundleFunctions(process.argv[2] ? resolve(process.argv[2]) : undefined);
process.stdout.write(`${formatReport(reports)}\n`);
