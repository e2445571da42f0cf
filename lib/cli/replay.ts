import { errorMessage } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { replayDeadLetters, type ReplaySummary } from '../replay/replay-dead-letters.js';
import { replayDeferredLetters } from './replay-deferred.js';
import { openSinks } from '../sinks/open-sinks.js';
import { openDeadLetterStore } from '../sinks/dead-letter-store.js';
import { asSinkUrl } from '../sinks/registry.js';
import { redactSinkUrls } from '../sinks/sink-url.js';
import { loadVendors, registeredVendor, vendorNames } from '../vendors/registry.js';
import { checkCommandLineSinkUrl, loadCliConfig } from './cli-config.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';
import type { CliCommand } from './command.js';

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'Put dead letters back through the current normalizer and deliver their events.',
  operands: 'DEAD_LETTER_STORE_URL|DIR',
  arity: { min: 1, max: 1 },
  options: {
    to: { type: 'string', value: 'SINK_URL', description: 'where the events go (default ALERTHOOK_SINK, else the store itself)' },
    vendor: { type: 'string', value: vendorNames(), description: "only this vendor's dead letters" },
    since: {
      type: 'string',
      value: 'DATE',
      description:
        'only dead letters received at or after DATE (2026-11-01, or an RFC 3339 time); deferred letters are owed and always go, in order',
    },
    'dry-run': { type: 'boolean', description: 'decode and report; deliver and move nothing' },
  },
  description:
    'Redrives deferred/<vendor>/ of a fallback store (ALERTHOOK_FALLBACK) first, in arrival order; then\n' +
    'reads dead-letter/<vendor>/ in a file:// or s3:// store (as the sinks write it), decodes each body with its stored\n' +
    'headers as a live delivery would (same event ids), and moves it under replayed/ once every sink acknowledged its\n' +
    'events. Letters that still do not parse stay, with the new reasons. Exit 1 when a delivery failed.',
  examples: [
    'alerthook replay ./data',
    "alerthook replay --to 'kafka://ckafka-1.internal:9092/alerts' --since 2026-11-01 's3://alerts/prod?endpoint=cos.ap-guangzhou.myqcloud.com'",
  ],
  async run(values, [storeUrl]) {
    return replay(storeUrl as string, {
      to: values.to as string | undefined,
      vendor: values.vendor as string | undefined,
      since: values.since as string | undefined,
      dryRun: values['dry-run'] === true,
    });
  },
};

async function replay(
  storeUrl: string,
  flags: { to: string | undefined; vendor: string | undefined; since: string | undefined; dryRun: boolean },
): Promise<number> {
  if (flags.vendor !== undefined && registeredVendor(flags.vendor) === undefined)
    throw new CliError(`unknown vendor "${flags.vendor}": one of ${vendorNames(', ')}`, USAGE_MISTAKE);
  const since = flags.since === undefined ? undefined : new Date(flags.since);
  if (since !== undefined && Number.isNaN(since.getTime()))
    throw new CliError(`--since takes a date (2026-11-01) or an RFC 3339 time, got "${flags.since}"`, USAGE_MISTAKE);
  checkCommandLineSinkUrl(asSinkUrl(storeUrl), 'DEAD_LETTER_STORE_URL');
  if (flags.to !== undefined) checkCommandLineSinkUrl(flags.to, '--to');
  const settings = loadCliConfig(storeUrl).normalize;

  const store = await openDeadLetterStore(storeUrl, process.env).catch((error: unknown) => {
    throw new CliError(`cannot read dead letters from ${redactSinkUrls(storeUrl)}: ${errorMessage(error)}`);
  });
  const target = flags.to ?? process.env.ALERTHOOK_SINK ?? asSinkUrl(storeUrl);
  const sink = flags.dryRun
    ? null
    : await openSinks(target, null).catch((error: unknown) => {
        throw new CliError(`cannot open sink: ${errorMessage(error)}`);
      });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(
    `${flags.dryRun ? 'dry run: reading' : 'replaying'} dead letters from ${store.description}${sink === null ? '' : ` into ${sink.description}`}`,
  );

  let summary: ReplaySummary;
  let deferred: { line: string; failed: boolean } | null = null;
  const vendors = await loadVendors();
  try {
    deferred = await replayDeferredLetters({
      store: await openDeadLetterStore(storeUrl, process.env, 'deferred'),
      sink,
      vendors,
      settings,
      vendor: flags.vendor,
      by: `alerthook@${packageVersion()}`,
    });
    if (deferred !== null) say(deferred.line);
    summary = await replayDeadLetters({
      store,
      sink: sink ?? {
        description: 'nowhere (dry run)',
        writeEvents: async () => {},
        writeDeadLetter: async () => {},
        writeHeartbeat: async () => {},
        close: async () => {},
      },
      vendors,
      settings,
      ...(flags.vendor === undefined ? {} : { vendor: flags.vendor }),
      ...(since === undefined ? {} : { since }),
      dryRun: flags.dryRun,
      replayedBy: `alerthook@${packageVersion()}`,
      progressEvery: 200,
      onProgress: (s) => say(`  … ${s.replayed} replayed, ${countInvalid(s)} still invalid, ${s.skipped} skipped of ${s.found}`),
    });
  } catch (error) {
    throw new CliError(`replay from ${store.description} failed: ${errorMessage(error)}`);
  } finally {
    await sink?.close();
  }
  process.stdout.write(`${deferred === null ? '' : `${deferred.line}\n`}${formatSummary(summary, flags.dryRun)}\n`);
  return summary.failed === null && deferred?.failed !== true ? 0 : 1;
}

function countInvalid(summary: ReplaySummary): number {
  return [...summary.stillInvalid.values()].reduce((total, letters) => total + letters.length, 0);
}

/** The end-of-run report: what was replayed, what still does not parse (by reason), what failed. */
export function formatSummary(summary: ReplaySummary, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'would replay' : 'replayed'}: ${summary.replayed} dead letter${summary.replayed === 1 ? '' : 's'} (${summary.events} event${summary.events === 1 ? '' : 's'}) of ${summary.found}${summary.skipped > 0 ? `; ${summary.skipped} older than --since left alone` : ''}`,
    `still invalid: ${countInvalid(summary)}`,
    ...[...summary.stillInvalid]
      .sort((a, b) => b[1].length - a[1].length)
      .map(
        ([reason, letters]) =>
          `  ${String(letters.length).padStart(5)}  ${reason}  (${letters
            .slice(0, 3)
            .map((l) => `${l.vendor}/${l.id}`)
            .join(', ')}${letters.length > 3 ? ', …' : ''})`,
      ),
    summary.failed === null
      ? 'failed delivery: 0'
      : `failed delivery: 1 (${summary.failed.letter.vendor}/${summary.failed.letter.id}: ${summary.failed.error}); stopped, ${summary.notTried} not tried; what was not acknowledged is where it was: run replay again`,
  ];
  return lines.join('\n');
}
