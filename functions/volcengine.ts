// Volcengine veFaaS function behind an API gateway trigger. Handler: `volcengine.handler`.
import { createFunctionHandler } from '../lib/runtime/function-handler.js';

export const handler = createFunctionHandler({ vendor: 'volcengine', platform: 'vefaas' });
