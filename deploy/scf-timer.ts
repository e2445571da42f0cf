import type { scf } from 'tencentcloud-sdk-nodejs-scf';
import { REDRIVE_TIMER, redriveSchedule, scfCron } from './redrive-schedule.js';

type ScfClient = InstanceType<typeof scf.v20180416.Client>;
type Call = <T>(action: string, run: (c: ScfClient) => Promise<T>) => Promise<T>;

/**
 * The SCF timer trigger that redrives the fallback store, kept in step with the function's
 * environment (../shared/cloud-apis/timers.md §1 and §3): found by name with ListTriggers; created
 * (`Type: "timer"`, the cron as `TriggerDesc`, the argument as `CustomArgument`), updated in place
 * when its cron, argument or state differ (UpdateTrigger, same qualifier), or deleted when no
 * fallback is configured. DeleteFunction takes it with the function. Returns a line for the output.
 */
export async function syncScfTimer(
  call: Call,
  base: { FunctionName: string; Namespace: string },
  environment: Readonly<Record<string, string>>,
): Promise<string | null> {
  const schedule = redriveSchedule(environment);
  const listed = await call('ListTriggers', (c) =>
    c.ListTriggers({ ...base, Filters: [{ Name: 'TriggerName', Values: [REDRIVE_TIMER] }] }),
  );
  const found = (listed.Triggers ?? []).find((t) => t.Type === 'timer' && t.TriggerName === REDRIVE_TIMER);
  if (schedule === null) {
    if (found === undefined) return null;
    await call('DeleteTrigger', (c) =>
      c.DeleteTrigger({ ...base, TriggerName: REDRIVE_TIMER, Type: 'timer', ...(found.Qualifier ? { Qualifier: found.Qualifier } : {}) }),
    );
    return `timer:        ${REDRIVE_TIMER} deleted (no ALERTHOOK_FALLBACK)`;
  }
  const cron = scfCron(schedule.minutes);
  const wanted = { TriggerDesc: cron, CustomArgument: schedule.argument, Enable: 'OPEN' };
  if (found === undefined) {
    await call('CreateTrigger', (c) => c.CreateTrigger({ ...base, TriggerName: REDRIVE_TIMER, Type: 'timer', ...wanted }));
    return `timer:        ${REDRIVE_TIMER} created (${cron})`;
  }
  const same = cronOf(found.TriggerDesc) === cron && found.CustomArgument === schedule.argument && Number(found.Enable) === 1;
  if (same) return `timer:        ${REDRIVE_TIMER} (${cron})`;
  await call('UpdateTrigger', (c) =>
    c.UpdateTrigger({
      ...base,
      TriggerName: REDRIVE_TIMER,
      Type: 'timer',
      ...wanted,
      ...(found.Qualifier ? { Qualifier: found.Qualifier } : {}),
    }),
  );
  return `timer:        ${REDRIVE_TIMER} updated (${cron})`;
}

/** A timer's `TriggerDesc` reads back as the JSON string `{"cron": …}`; the raw cron is taken too. */
function cronOf(desc: string | undefined): string | null {
  if (desc === undefined) return null;
  try {
    const parsed = JSON.parse(desc) as { cron?: unknown };
    return typeof parsed.cron === 'string' ? parsed.cron : null;
  } catch {
    return desc;
  }
}
