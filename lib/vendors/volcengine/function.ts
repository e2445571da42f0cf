// Volcengine's veFaaS function on a handler runtime (node20/v1), behind an API gateway route.
// Handler `index.handler`. On a native runtime, server.ts is the entry instead.
import { createFunctionHandler } from '../../runtime/function-handler.js';
import { PLATFORM_TRIGGERS } from '../../transports/platforms.js';
import { volcengine } from './index.js';

export const handler = createFunctionHandler({ vendor: volcengine, platform: 'vefaas', triggers: PLATFORM_TRIGGERS.vefaas });
