import type { SinkKind } from '../sink.js';

/** `https://HOST/PATH`: CloudEvents over HTTP to any receiver. */
export const httpSinks: SinkKind = {
  name: 'http',
  schemes: ['http', 'https'],
  usage: 'https://HOST/PATH[?batch=1][&deadLetterUrl=https://…]  (CloudEvents over HTTP)',
  openSink: async (url, env) => (await import('./sink.js')).createHttpSink(url, env),
};
