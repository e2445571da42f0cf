import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import { builtOnce } from '../built-once.js';
import { driftTypes, list, looseObject, statusCodeReader } from '../drift.js';
import { readableAtOffsetsWithin } from '../../time/vendor-time.js';

/**
 * Tencent Cloud Monitor alarm callback (cloud.tencent.com/document/product/248/9066), metric and
 * event alarms, with the drift seen in real deliveries: `alarmStatus` "1" or 1, `durationTime`
 * number or string, `alarmNotifyPeriod` number or "", numeric dimensions, newer `alertId`,
 * `appId`/`uin`, `calcUnit`/`historyValue`, event alarms without `policyId` and with `additionalMsg`.
 * Every object is loose: fields Tencent adds later are kept, never a reason to reject.
 */

/** Readable at any UTC offset the operator may configure (±14 h), so the normalizer can rely on it. */
export function readableAtAnyOffset(value: string): boolean {
  return readableAtOffsetsWithin(value, 14 * 60);
}

/*
 * Every transform and refinement is a named export: the compiled validator (schema.compiled.ts,
 * from `npm run schema`) imports them by name.
 */

export const alarmStatusOf = statusCodeReader({ firing: '1', resolved: '0' }, 'expected 1 (alarm) or 0 (recovered)');

/** "0" (or 0, or "") until the alarm recovers, then the recovery time. */
export function recoverTimeOf(value: string | number | null | undefined, ctx: core.ParsePayload): string | null {
  if (value === undefined || value === null || value === '' || String(value).trim() === '0') return null;
  if (typeof value === 'string' && readableAtAnyOffset(value)) return value;
  ctx.issues.push({ code: 'custom', message: 'expected "0" or a time like "2017-03-09 07:00:00"', input: value });
  return z.NEVER;
}

/** A console link to the policy, in newer bodies (VENDOR-NOTES); anything but an http(s) URL is left in raw only. */
export function policyUrlOf(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\/\S+$/.test(value) ? value : null;
}

/** The schema, built on its first use (the pipeline validates with the compiled validator first). */
export const tencentAlarmSchema = builtOnce(() => {
  const { text, optionalText, optionalNumber } = driftTypes();
  const localTime = z.string().check(z.refine(readableAtAnyOffset, { message: 'expected a time like "2017-03-09 07:00:00"' }));

  const conditions = looseObject({
    metricName: optionalText,
    metricShowName: optionalText,
    calcType: optionalText,
    calcValue: optionalText,
    currentValue: optionalText,
    unit: optionalText,
    calcUnit: optionalText,
    period: optionalNumber,
    periodNum: optionalNumber,
    alarmNotifyType: optionalText,
    alarmNotifyPeriod: optionalNumber,
    productName: optionalText,
    productShowName: optionalText,
    eventName: optionalText,
    eventShowName: optionalText,
  });

  return looseObject({
    sessionId: optionalText,
    /** `sessionId` for policies without levels, `sessionId_<Level>` (Remind, Warn, Serious) for leveled ones. */
    alertId: optionalText,
    alarmStatus: z.pipe(z.union([z.string(), z.number()]), z.transform(alarmStatusOf)),
    alarmType: optionalText,
    alarmObjInfo: z.nullish(
      looseObject({
        region: optionalText,
        namespace: optionalText,
        appId: optionalText,
        uin: optionalText,
        dimensions: z.nullish(z.record(z.string(), z.unknown())),
      }),
    ),
    alarmPolicyInfo: looseObject({
      policyId: optionalText,
      policyType: optionalText,
      policyName: optionalText,
      policyTypeCName: optionalText,
      conditions: z.nullish(conditions),
    }),
    policyDetailURL: z.pipe(z.optional(z.unknown()), z.transform(policyUrlOf)),
    firstOccurTime: localTime,
    durationTime: optionalNumber,
    recoverTime: z.pipe(z.optional(z.union([z.string(), z.number(), z.null()])), z.transform(recoverTimeOf)),
    additionalMsg: list(looseObject({ key: text, value: z.unknown() })),
  });
});

export type TencentAlarm = z.output<ReturnType<typeof tencentAlarmSchema>>;
