// Volcengine veFaaS on a native runtime (serverless.yml's default `native-node20/v1`): the function's
// `command: node server.js` runs this, which serves the callbacks over HTTP on $PORT (8000 unless set).
import { runHttpFunction } from '../lib/runtime/http-function.js';
import { volcengine } from '../lib/vendors/volcengine/provider.js';

runHttpFunction(volcengine);
