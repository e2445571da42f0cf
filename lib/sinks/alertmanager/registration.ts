import type { SinkKind } from '../sink.js';

/** `alertmanager://HOST:PORT`: Prometheus Alertmanager, which routes alerts to people. */
export const alertmanagerSinks: SinkKind = {
  name: 'alertmanager',
  schemes: ['alertmanager', 'alertmanager+https'],
  usage: 'alertmanager[+https]://HOST:PORT[/PATH][?hold=24h]  (needs ALERTHOOK_DEAD_LETTER to name another sink)',
  openSink: async (url, env) => (await import('./sink.js')).createAlertmanagerSink(url, env),
};
