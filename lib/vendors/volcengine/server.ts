// Volcengine veFaaS on a native runtime (native-node20/v1): the function's command is
// `node server.js`, which serves the callbacks over HTTP on $PORT (8000 unless set).
import { serveHttpFunction } from '../../runtime/http-function.js';
import { volcengine } from './index.js';

serveHttpFunction({ vendor: volcengine, platform: 'vefaas-native' }).then(
  (server) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'listening', url: server.url })}\n`),
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: `cannot listen: ${(error as Error).message}` })}\n`);
    process.exit(1);
  },
);
