import { errorMessage } from '../errors.js';
import { buildHeartbeatEvent, type HeartbeatDraft } from '../event/heartbeat-event.js';
import type { LogLine } from '../log.js';
import { runWithin } from '../run-within.js';
import type { Sink } from './delivery.js';

/** How long a heartbeat may wait for the sink: it is a tick's last work, within the function's timeout. */
export const HEARTBEAT_BUDGET_MS = 2000;

/**
 * Sends one heartbeat to the sink and logs the outcome, one line: `heartbeat` with its id, or, at
 * error level, why it could not be sent (a log alarm on errors catches it; downstream sees the
 * silence the heartbeat exists to show). Opening the sink and writing share `budgetMs`, whether or
 * not the sink listens to the signal. Resolves to the heartbeat's id, or null; never rejects.
 */
export async function sendHeartbeat(
  openSink: () => Promise<Sink>,
  draft: Omit<HeartbeatDraft, 'at'> & { at?: Date },
  log: LogLine,
  budgetMs = HEARTBEAT_BUDGET_MS,
): Promise<string | null> {
  const event = buildHeartbeatEvent({ ...draft, at: draft.at ?? new Date() });
  try {
    await runWithin(budgetMs, `the sink did not take the heartbeat within ${budgetMs} ms`, async (signal) => {
      const sink = await openSink();
      await sink.writeHeartbeat({ event, json: JSON.stringify(event) }, signal);
    });
    log({ level: 'info', msg: 'heartbeat', vendor: draft.vendor, id: event.id, deferredWaiting: draft.deferredWaiting });
    return event.id;
  } catch (error) {
    log({ level: 'error', msg: 'heartbeat not sent', vendor: draft.vendor, id: event.id, detail: errorMessage(error).slice(0, 300) });
    return null;
  }
}
