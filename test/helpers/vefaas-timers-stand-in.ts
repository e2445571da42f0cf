import * as z from 'zod';
import { validVefaasCrontab, validVefaasTimerName } from './timer-rules.js';

/**
 * veFaaS's timer actions for the strict stand-in (../shared/cloud-apis/timers.md §2, VGO/VDOC):
 * CreateTimer, UpdateTimer (no Name: a rename is delete + create), GetTimer, DeleteTimer, all at
 * 2024-06-06; timers appear in ListTriggers with `Type: "timer"` and no crontab. Refuses what the
 * reference refuses: a crontab that is not five fields, a name outside 4–64 letters, digits and -
 * starting with a letter, a Payload over 1000 characters, unknown fields.
 */
export const VEFAAS_TIMER_ACTIONS = {
  CreateTimer: z.strictObject({
    FunctionId: z.string().min(1),
    Name: z.string(),
    Crontab: z.string(),
    Enabled: z.boolean().optional(),
    Payload: z.string().optional(),
    EnableConcurrency: z.boolean().optional(),
    Retries: z.number().int().min(0).optional(),
    Description: z.string().optional(),
  }),
  UpdateTimer: z.strictObject({
    FunctionId: z.string().min(1),
    Id: z.string().min(1),
    Crontab: z.string().optional(),
    Description: z.string().optional(),
    Enabled: z.boolean().optional(),
    Payload: z.string().optional(),
    EnableConcurrency: z.boolean().optional(),
    Retries: z.number().int().min(0).optional(),
  }),
  GetTimer: z.strictObject({ FunctionId: z.string().min(1), Id: z.string().min(1) }),
  DeleteTimer: z.strictObject({ FunctionId: z.string().min(1), Id: z.string().min(1) }),
} as const;

export interface VefaasTimer {
  Id: string;
  FunctionId: string;
  Name: string;
  Crontab: string;
  Enabled: boolean;
  Payload: string;
  EnableConcurrency: boolean;
  Retries: number;
  Description: string;
}

type Refuse = (code: string, message: string) => Error;

export function vefaasTimers(refuse: Refuse, newId: () => string) {
  const timers = new Map<string, VefaasTimer>();
  const check = (timer: VefaasTimer) => {
    if (!validVefaasTimerName(timer.Name))
      throw refuse('InvalidParameter.Name', 'a timer name is 4-64 letters, digits and -, starting with a letter');
    if (!validVefaasCrontab(timer.Crontab))
      throw refuse('InvalidParameter.Crontab', `a five-field crontab, got ${JSON.stringify(timer.Crontab)}`);
    if ([...timer.Payload].length > 1000) throw refuse('InvalidParameter.Payload', 'Payload exceeds 1000 characters');
  };
  const timerOf = (functionId: string, id: string) => {
    const timer = timers.get(id);
    if (timer === undefined || timer.FunctionId !== functionId) throw refuse('ResourceNotFound.Timer', `timer ${id} not found`);
    return timer;
  };
  const shown = (t: VefaasTimer) => ({
    ...t,
    CreationTime: '2026-12-01 10:00:00.000000000 +0800 CST',
    LastUpdateTime: '2026-12-01 10:00:00.000000000 +0800 CST',
  });
  return {
    timers,
    handle(action: string, p: Record<string, any>): Record<string, unknown> | undefined {
      switch (action) {
        case 'CreateTimer': {
          if ([...timers.values()].some((t) => t.FunctionId === p.FunctionId && t.Name === p.Name))
            throw refuse('ResourceInUse.Timer', 'a timer of that name exists');
          const timer: VefaasTimer = {
            Id: newId(),
            FunctionId: p.FunctionId,
            Name: p.Name,
            Crontab: p.Crontab,
            Enabled: p.Enabled ?? true,
            Payload: p.Payload ?? '',
            EnableConcurrency: p.EnableConcurrency ?? false,
            Retries: p.Retries ?? 0,
            Description: p.Description ?? '',
          };
          check(timer);
          timers.set(timer.Id, timer);
          return shown(timer);
        }
        case 'UpdateTimer': {
          const timer = timerOf(p.FunctionId, p.Id);
          const { FunctionId: _f, Id: _i, ...changes } = p;
          const updated = { ...timer, ...changes };
          check(updated);
          timers.set(timer.Id, updated);
          return shown(updated);
        }
        case 'GetTimer':
          return shown(timerOf(p.FunctionId, p.Id));
        case 'DeleteTimer':
          timerOf(p.FunctionId, p.Id);
          timers.delete(p.Id);
          return {};
        default:
          return undefined;
      }
    },
    /** ListTriggers items: no crontab (DetailedConfig is filled only for apig and tos). */
    triggerItems: (functionId: string) =>
      [...timers.values()]
        .filter((t) => t.FunctionId === functionId)
        .map((t) => ({ Id: t.Id, Name: t.Name, Type: 'timer', Enabled: t.Enabled, FunctionID: functionId })),
    of: (functionId: string) => [...timers.values()].filter((t) => t.FunctionId === functionId),
  };
}
