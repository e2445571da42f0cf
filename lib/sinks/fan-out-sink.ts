import { errorMessage } from '../errors.js';
import type { DeadLetter, EncodedEvent, Sink } from '../pipeline/delivery.js';

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
    async writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal) {
      const results = await Promise.allSettled(eventSinks.map((sink) => sink.writeEvents(events, signal)));
      const failures = results.flatMap((result, i) =>
        result.status === 'rejected' ? [`${eventSinks[i]?.description}: ${errorMessage(result.reason)}`] : [],
      );
      if (failures.length > 0) throw new Error(failures.join('; '));
    },
    writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      return deadLetterSink.writeDeadLetter(letter, signal);
    },
    async close() {
      await Promise.allSettled(all.map((sink) => sink.close()));
    },
  };
}
