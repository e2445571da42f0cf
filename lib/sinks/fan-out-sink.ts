import { errorMessage } from '../errors.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../pipeline/delivery.js';

/**
 * Several sinks as one. Events go to every sink and count as written only when every sink has
 * acknowledged them; dead letters go to one store (`ALERTHOOK_DEAD_LETTER`, by default the first sink).
 */
export function fanOutSink(eventSinks: readonly Sink[], deadLetterSink: Sink): Sink {
  const all = [...new Set([...eventSinks, deadLetterSink])];
  return {
    description:
      eventSinks.map((sink) => sink.description).join(', ') +
      (eventSinks.includes(deadLetterSink) ? '' : `; dead letters: ${deadLetterSink.description}`),
    writeEvents: (events: readonly EncodedEvent[], signal?: AbortSignal) => everySink((sink) => sink.writeEvents(events, signal)),
    // Every sink's consumers watch for it: a heartbeat goes where the events go.
    writeHeartbeat: (beat: EncodedHeartbeat, signal?: AbortSignal) => everySink((sink) => sink.writeHeartbeat(beat, signal)),
    writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      return deadLetterSink.writeDeadLetter(letter, signal);
    },
    async close() {
      await Promise.allSettled(all.map((sink) => sink.close()));
    },
  };

  /** Resolves once every event sink has done `write`; rejects naming each that failed. */
  async function everySink(write: (sink: Sink) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(eventSinks.map(write));
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected' ? [`${eventSinks[i]?.description}: ${errorMessage(result.reason)}`] : [],
    );
    if (failures.length > 0) throw new Error(failures.join('; '));
  }
}
