import type { SinkKind } from '../sink.js';

/** `file://DIR`: a directory, one JSON file per event, written atomically. The embedded default. */
export const fileSinks: SinkKind = {
  name: 'file',
  schemes: ['file'],
  usage: 'file://DIR',
  openSink: async (url) => (await import('./sink.js')).openFileSink(url),
  tail: async (url, onEvent, options) => (await import('./tail.js')).tailFiles(url, onEvent, options),
  openDeadLetterStore: async (url, _env, shelf) => (await import('./dead-letters.js')).fileDeadLetterStore(url, shelf),
};
