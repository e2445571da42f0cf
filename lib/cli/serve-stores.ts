import type { AlerthookConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import type { Sink } from '../pipeline/delivery.js';
import { retryingOpener } from '../redrive/retrying-opener.js';
import { checkFallbackUrl, openFallbackStore, type FallbackStore } from '../sinks/fallback-store.js';
import { openSinks } from '../sinks/open-sinks.js';
import { redactSinkUrls } from '../sinks/sink-url.js';
import { CliError } from './cli-error.js';

/** The sink as serve holds it: opened at start-up, or, with a fallback, opened again on later callbacks. */
export interface ServeSink extends Sink {
  open(): Promise<Sink>;
}

/**
 * The sink and the fallback store for `serve`. Without a fallback a sink that cannot be opened
 * stops serve at once, as before; with one, serve starts anyway, says loudly what is wrong, and keeps
 * callbacks in the fallback until the sink opens.
 */
export async function openServeStores(
  config: AlerthookConfig,
): Promise<{ sink: ServeSink; fallback: FallbackStore | null; sinkProblem: string | null }> {
  try {
    checkFallbackUrl(config.fallbackUrl);
  } catch (error) {
    throw new CliError(errorMessage(error));
  }
  const fallback =
    config.fallbackUrl === null
      ? null
      : await openFallbackStore(config.fallbackUrl, process.env).catch((error: unknown) => {
          throw new CliError(`cannot open the fallback store: ${errorMessage(error)}`);
        });
  let opened: Sink | null = null;
  const opener = retryingOpener(() => openSinks(config.sinkUrl, config.deadLetterUrl));
  const open = async () => (opened = await opener());
  let sinkProblem: string | null = null;
  try {
    await open();
  } catch (error) {
    if (fallback === null) throw new CliError(`cannot open sink: ${errorMessage(error)}`);
    sinkProblem = errorMessage(error);
  }
  const description = (opened as Sink | null)?.description ?? redactSinkUrls(config.sinkUrl);
  return {
    fallback,
    sinkProblem,
    sink: {
      description,
      open,
      writeEvents: async (events, signal) => (await open()).writeEvents(events, signal),
      writeDeadLetter: async (letter, signal) => (await open()).writeDeadLetter(letter, signal),
      writeHeartbeat: async (beat, signal) => (await open()).writeHeartbeat(beat, signal),
      close: async () => {
        await opened?.close();
      },
    },
  };
}

/** serve's banner lines about the fallback: configured or not (and recommended), and a sink it could not open. */
export function fallbackBanner(config: AlerthookConfig, fallback: FallbackStore | null, sinkProblem: string | null): string[] {
  const heartbeat = config.heartbeat
    ? [`  heartbeat: one per vendor to the sink every ${config.redriveIntervalMs / 1000} s (ALERTHOOK_HEARTBEAT)`]
    : [];
  if (fallback === null)
    return [
      '  no fallback store: while the sink is down, callbacks are answered 503 and lost once the vendor stops retrying',
      '  (about 20 s); set ALERTHOOK_FALLBACK (file:// or s3://, another service than the sink) for production',
      ...heartbeat,
    ];
  const lines = [
    `  fallback store ${fallback.description}: callbacks the sink cannot take are kept there and redriven every ${config.redriveIntervalMs / 1000} s`,
    ...heartbeat,
  ];
  if (sinkProblem !== null) lines.push(`  ERROR: cannot open the sink (${sinkProblem}); callbacks go to the fallback store until it opens`);
  return lines;
}
