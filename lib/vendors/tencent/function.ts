// Tencent's SCF event function: behind its Function URL (also the legacy API Gateway, and direct
// delivery from Cloud Monitor). Handler `index.main_handler` (SCF's default name) or `index.handler`.
import { createFunctionHandler } from '../../runtime/function-handler.js';
import { PLATFORM_TRIGGERS } from '../../transports/platforms.js';
import { tencent } from './index.js';

export const main_handler = createFunctionHandler({ vendor: tencent, platform: 'scf', triggers: PLATFORM_TRIGGERS.scf });
export const handler = main_handler;
