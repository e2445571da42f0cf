import type { Server, ServerResponse } from 'node:http';
import type { Sink } from '../pipeline/delivery.js';

/** The exit code of a stop forced by a second signal: what a shell reports for a process ended by SIGINT. */
const FORCED_STOP_CODE = 130;

/**
 * Ctrl-C or SIGTERM on `alerthook serve`: say so, stop taking connections, let the requests in flight
 * be answered (each answer waits for its events to be written), then close the sink and exit 0, since
 * stopping is how a local server is meant to end. A second signal stops at once, exit 130.
 */
export function stopOnSignal(server: Server, sink: Sink, say: (line: string) => void): void {
  let stopping = false;
  let inFlight = 0;
  server.on('request', (_request, response: ServerResponse) => {
    inFlight++;
    response.once('close', () => inFlight--);
  });
  const stop = () => {
    if (stopping) {
      say('alerthook: stopping now, without waiting');
      process.exit(FORCED_STOP_CODE);
    }
    stopping = true;
    server.close(() => {
      clearInterval(idleSweep);
      void sink.close().then(
        () => {
          say('alerthook: stopped');
          process.exit(0);
        },
        (error: unknown) => {
          say(`alerthook: closing ${sink.description} failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    });
    // A keep-alive connection whose request is answered becomes idle; close those as they appear, so
    // only requests still in flight are waited for (server.close closes the idle ones only once).
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    say(
      `alerthook: stopping: waiting for ${inFlight} request${inFlight === 1 ? '' : 's'} in flight, then closing ${sink.description} (Ctrl-C again to stop at once)`,
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
