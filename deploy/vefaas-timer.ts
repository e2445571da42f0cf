import { REDRIVE_TIMER, redriveSchedule, vefaasCrontab } from './redrive-schedule.js';
import type { VolcengineApi } from './volcengine-openapi.js';

const VEFAAS = ['vefaas', '2024-06-06'] as const;

interface TimerItem {
  Id: string;
  Name?: string;
  Type?: string;
}

interface Timer {
  Id: string;
  Crontab?: string;
  Payload?: string;
  Enabled?: boolean;
}

/** The function's redrive timer, if it has one: veFaaS has no ListTimers, so ListTriggers and keep `Type: "timer"` (VTF). */
async function findTimer(api: VolcengineApi, functionId: string): Promise<TimerItem | undefined> {
  const listed = await api.call<{ Items?: TimerItem[] }>(...VEFAAS, 'ListTriggers', { FunctionId: functionId });
  return (listed.Items ?? []).find((item) => item.Type === 'timer' && item.Name === REDRIVE_TIMER);
}

/**
 * The veFaaS timer that redrives the fallback store, kept in step with the function's environment
 * (../shared/cloud-apis/timers.md §2 and §3), after the function is released (whether a timer fires
 * on an unreleased function is unconfirmed): created with CreateTimer; read with GetTimer (list
 * items carry no crontab) and updated in place with UpdateTimer when its crontab, payload or state
 * differ; deleted when no fallback is configured. Returns a line for the output.
 */
export async function syncVefaasTimer(
  api: VolcengineApi,
  functionId: string,
  environment: Readonly<Record<string, string>>,
): Promise<string | null> {
  const schedule = redriveSchedule(environment);
  const found = await findTimer(api, functionId);
  if (schedule === null) {
    if (found === undefined) return null;
    await api.call(...VEFAAS, 'DeleteTimer', { FunctionId: functionId, Id: found.Id });
    return `timer:        ${REDRIVE_TIMER} deleted (no ALERTHOOK_FALLBACK)`;
  }
  const wanted = { Crontab: vefaasCrontab(schedule.minutes), Payload: schedule.argument, Enabled: true };
  if (found === undefined) {
    await api.call(...VEFAAS, 'CreateTimer', {
      FunctionId: functionId,
      Name: REDRIVE_TIMER,
      ...wanted,
      Description: 'alerthook: redrives the fallback store',
    });
    return `timer:        ${REDRIVE_TIMER} created (${wanted.Crontab})`;
  }
  const timer = await api.call<Timer>(...VEFAAS, 'GetTimer', { FunctionId: functionId, Id: found.Id });
  if (timer.Crontab === wanted.Crontab && timer.Payload === wanted.Payload && timer.Enabled === true)
    return `timer:        ${REDRIVE_TIMER} (${wanted.Crontab})`;
  await api.call(...VEFAAS, 'UpdateTimer', { FunctionId: functionId, Id: found.Id, ...wanted });
  return `timer:        ${REDRIVE_TIMER} updated (${wanted.Crontab})`;
}

/** Before the function is deleted: whether DeleteFunction takes its timers is unconfirmed, so they go first. */
export async function removeVefaasTimer(api: VolcengineApi, functionId: string): Promise<void> {
  const found = await findTimer(api, functionId);
  if (found !== undefined) await api.call(...VEFAAS, 'DeleteTimer', { FunctionId: functionId, Id: found.Id });
}
