// Tencent SCF event function, behind its Function URL (also the legacy API Gateway, and direct
// delivery from Cloud Monitor). serverless.yml's `handler: index.main_handler` is this export
// (SCF's default name); `index.handler` works too.
import { createFunctionHandler } from '../lib/runtime/function-handler.js';
import { tencent } from '../lib/vendors/tencent/provider.js';

export const main_handler = createFunctionHandler(tencent);
export const handler = main_handler;
