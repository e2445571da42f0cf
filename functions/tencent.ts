// Tencent SCF event function behind a Function URL (also: legacy API Gateway, direct delivery from
// Cloud Monitor). Handler: `tencent.main_handler` (SCF's default name) or `tencent.handler`.
import { createFunctionHandler } from '../lib/runtime/function-handler.js';
import { tencent } from '../lib/vendors/tencent/index.js';

export const main_handler = createFunctionHandler({ vendor: tencent, platform: 'scf' });
export const handler = main_handler;
