// Volcengine veFaaS on a native runtime (native-node20/v1): the function's command is
// `node server.js`, which serves the callbacks over HTTP on $PORT (8000 unless set).
import { errorMessage } from '../../errors.js';
import { stdoutLog } from '../../log.js';
import { serveHttpFunction } from '../../runtime/http-function.js';
import { volcengine } from './index.js';

serveHttpFunction({ vendor: volcengine, platform: 'vefaas-native' }).then(
  (server) => stdoutLog({ level: 'info', msg: 'listening', url: server.url }),
  (error: unknown) => {
    stdoutLog({ level: 'error', msg: `cannot listen: ${errorMessage(error)}` });
    process.exit(1);
  },
);
