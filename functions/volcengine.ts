// Volcengine veFaaS function on a handler runtime (`runtime: node20/v1` in serverless.yml), behind an
// API gateway route: the runtime loads `index.handler`. The default native runtime runs
// volcengine-server.ts instead.
import { createFunctionHandler } from '../lib/runtime/function-handler.js';
import { volcengine } from '../lib/vendors/volcengine/provider.js';

export const handler = createFunctionHandler(volcengine);
