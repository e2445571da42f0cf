// Volcengine veFaaS function behind an API gateway trigger. Handler: `volcengine.handler`.
import { createFunctionHandler } from '../lib/runtime/function-handler.js';
import { volcengine } from '../lib/vendors/volcengine/index.js';

export const handler = createFunctionHandler({ vendor: volcengine, platform: 'vefaas' });
