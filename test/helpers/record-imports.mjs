// Preloaded with `node --import`: records the URL of every module an ESM import resolves, one per
// line, in the file named by ALERTHOOK_RECORD_IMPORTS (hooks run off the main thread in Node 20).
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { out: process.env.ALERTHOOK_RECORD_IMPORTS } });
