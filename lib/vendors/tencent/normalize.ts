import type { AlertEvent, AlertMetric, AlertSeverity } from '../../event/alert-event.js';
import { buildAlertEvent } from '../../event/build-alert-event.js';
import { isPlausibleTime, parseZonelessTime } from '../../time/vendor-time.js';
import { flattenDimensions } from '../drift.js';
import { fingerprintParts, type NormalizeContext } from '../vendor.js';
import { TENCENT_FINGERPRINT } from './fingerprint.js';
import type { TencentSettings } from './settings.js';
import type { TencentAlarm } from './schema.js';

export const TENCENT_SOURCE = 'tencentcloud/monitor';

/** Leveled policies suffix `alertId` with the level; Tencent's three map onto the contract's three. */
const LEVEL_SEVERITY: Record<string, AlertSeverity> = { serious: 'critical', warn: 'warning', remind: 'info' };

/**
 * Dimension keys that name the instance, most specific first. Products name it differently
 * (`unInstanceId` for CVM, `uInstanceId` for MySQL, `redis_uuid`, …); `objId` is Tencent's own
 * binding key and the fallback for listeners and ports, which have no instance id.
 */
const INSTANCE_ID_KEYS = [
  'unInstanceId',
  'uInstanceId',
  'instanceId',
  'InstanceId',
  'redis_uuid',
  'directconnectconnid',
  'directconnectid',
  'directconnectgatewayid',
  'uniq_nat_id',
  'vpnconnid',
  'peeringconnectionid',
  'netdetectid',
  'netgroup',
  'unLoadBalancerId',
  // CKafka and CLS (VENDOR-NOTES "More seen in public receivers").
  'instance_id',
  'grpid',
] as const;

export function normalizeTencentAlarm(alarm: TencentAlarm, raw: unknown, context: NormalizeContext<TencentSettings>): AlertEvent[] {
  const offset = context.settings.utcOffsetMinutes;
  const policy = alarm.alarmPolicyInfo;
  const conditions = policy.conditions ?? null;
  const objInfo = alarm.alarmObjInfo ?? null;
  const kind = alarm.alarmType === 'event' || (alarm.alarmType === null && conditions?.eventName) ? 'event' : 'metric';

  // The schema has checked both formats, so these parse.
  const firstOccur = parseZonelessTime(alarm.firstOccurTime, offset) as Date;
  const recoveredAt = alarm.recoverTime === null ? null : (parseZonelessTime(alarm.recoverTime, offset) as Date);
  // `durationTime` is the time from the first trigger to this notification, so their sum is when
  // Tencent sent it: deterministic for a retry, unlike the time we received it. A duration that is
  // negative or lands the sum in no plausible year is not one: then the first occurrence stands.
  const afterDuration = new Date(firstOccur.getTime() + (alarm.durationTime ?? 0) * 1000);
  const sentAt =
    alarm.alarmStatus === 'resolved' && recoveredAt !== null
      ? recoveredAt
      : (alarm.durationTime ?? 0) > 0 && isPlausibleTime(afterDuration)
        ? afterDuration
        : firstOccur;
  // A resolved alert always has an end. Real recoveries can come with recoverTime "0": then the
  // end is when the recovery was sent, firstOccurTime + durationTime (the first occurrence when
  // durationTime is absent too).
  const endsAt = alarm.alarmStatus === 'resolved' ? (recoveredAt ?? sentAt) : null;

  const dimensions = flattenDimensions(objInfo?.dimensions);
  const resourceId = pickInstanceId(dimensions);
  const unit = conditions?.unit === 'None' ? null : (conditions?.unit ?? null);
  const level = alertLevel(alarm.alertId);
  const severity = level === null ? context.defaultSeverity : (LEVEL_SEVERITY[level.toLowerCase()] ?? context.defaultSeverity);

  const metrics: AlertMetric[] = [];
  if (kind === 'metric' && conditions?.metricName) {
    metrics.push({
      name: conditions.metricName,
      displayName: conditions.metricShowName,
      // "None" is Tencent's word for a unitless metric, not a unit.
      unit,
      operator: conditions.calcType,
      threshold: numberOrNull(conditions.calcValue),
      value: numberOrNull(conditions.currentValue),
      group: 'evaluated',
      breaching: null,
      reason: null,
      periodSeconds: conditions.period,
      periods: conditions.periodNum,
    });
  }
  const metric = metrics[0];

  const additional = Object.fromEntries(alarm.additionalMsg.map((entry) => [entry.key, entry.value]));
  const event =
    kind === 'event'
      ? {
          name: conditions?.eventName ?? 'unknown',
          displayName: conditions?.eventShowName ?? null,
          id: null,
          source: conditions?.productName ?? null,
          description: null,
          details: additional,
        }
      : null;

  const condition = metric ? describeMetricCondition(metric) : (event?.displayName ?? event?.name ?? null);
  // Event alarms carry no namespace; the product name goes to `event.source`, not a guessed namespace.
  const namespace = objInfo?.namespace ?? null;
  const region = objInfo?.region ?? null;
  // deviceName is the instance's own name, what people recognise; objName is Tencent's "IP#appid".
  const resourceName = dimensions.deviceName || dimensions.objName || null;

  return [
    buildAlertEvent({
      vendor: 'tencent',
      source: TENCENT_SOURCE,
      bodyDigest: context.bodyDigest,
      instanceKey: '',
      fingerprintParts: fingerprintParts(TENCENT_FINGERPRINT, {
        policyId: policy.policyId,
        policyType: policy.policyType,
        policyName: policy.policyName,
        kind,
        metricOrEvent: metric?.name ?? event?.name ?? '',
        namespace,
        region,
        // objId is Tencent's binding key for the object, stable where display names are not.
        object: dimensions.objId ?? resourceId ?? canonicalDimensions(dimensions),
        level,
      }),
      time: sentAt,
      kind,
      status: alarm.alarmStatus,
      severity,
      startsAt: firstOccur,
      endsAt,
      rule: {
        id: policy.policyId,
        name: policy.policyName,
        condition,
        type: policy.policyType,
        typeName: policy.policyTypeCName,
        notifyType: conditions?.alarmNotifyType ?? null,
        // A singleAlarm policy does not repeat; the small number it sends there (1, 3, 5) is not seconds (kept in raw).
        notifyPeriodSeconds: conditions?.alarmNotifyType === 'singleAlarm' ? null : (conditions?.alarmNotifyPeriod ?? null),
        ...(alarm.policyDetailURL === null ? {} : { url: alarm.policyDetailURL }),
      },
      resource: { id: resourceId, name: resourceName, region, namespace, dimensions },
      account: { id: objInfo?.appId ?? null, project: null },
      metrics,
      event,
      extraLabels: {
        level: level ?? '',
        uin: objInfo?.uin ?? '',
        product: conditions?.productName ?? '',
        alarm_session: alarm.sessionId ?? '',
      },
      summary: summarize(
        alarm.alarmStatus,
        severity,
        policy.policyName ?? policy.policyId,
        condition,
        metric,
        resourceId ?? resourceName,
        region,
      ),
      delivery: { traceId: null, headers: {} },
      raw,
    }),
  ];
}

function pickInstanceId(dimensions: Record<string, string>): string | null {
  for (const key of INSTANCE_ID_KEYS) {
    const value = dimensions[key];
    if (value !== undefined && value !== '') return value;
  }
  return packedInstanceId(dimensions.objName) ?? tkeClusterId(dimensions.objId) ?? (dimensions.objId || null);
}

/** A Tencent resource id: a product prefix, a dash, then letters and digits (`postgres-1a2b3c4d`, `lb-9x8y7z6w`). */
const RESOURCE_ID = /^[a-z][a-z0-9]*-[a-z0-9]{6,}$/;

/** PostgreSQL and CLB clusters pack the id into objName as `Key:Value|Key:Value` (`…:<id>|…`, `Name:<clb>|…`). */
function packedInstanceId(objName: string | undefined): string | null {
  if (objName === undefined || !objName.includes('|')) return null;
  for (const part of objName.split('|')) {
    const value = part.slice(part.indexOf(':') + 1).trim();
    if (part.includes(':') && RESOURCE_ID.test(value)) return value;
  }
  return null;
}

/** A TKE alarm's objId can carry the cluster id between `#`s (`…#cls-xxxx#…`): the cluster is what people look up. */
function tkeClusterId(objId: string | undefined): string | null {
  return objId?.split('#').find((part) => /^cls-[a-z0-9]+$/.test(part)) ?? null;
}

/** `sessionId_Warn` → `Warn`; an `alertId` without a known level suffix carries none. */
export function alertLevel(alertId: string | null): string | null {
  if (alertId === null) return null;
  const suffix = /_(remind|warn|serious)$/i.exec(alertId);
  return suffix ? (suffix[1] as string) : null;
}

function canonicalDimensions(dimensions: Record<string, string>): string {
  return Object.keys(dimensions)
    .filter((key) => !key.startsWith('objDetail.') && key !== 'objName')
    .sort()
    .map((key) => `${key}=${dimensions[key]}`)
    .join('&');
}

function numberOrNull(value: string | null): number | null {
  if (value === null) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function describeMetricCondition(metric: AlertMetric): string {
  const name = metric.displayName ?? metric.name;
  if (metric.operator === null || metric.threshold === null) return name;
  return `${name} ${metric.operator} ${metric.threshold}${metric.unit ?? ''}`;
}

function summarize(
  status: 'firing' | 'resolved',
  severity: AlertSeverity,
  rule: string | null,
  condition: string | null,
  metric: AlertMetric | undefined,
  resource: string | null,
  region: string | null,
): string {
  const current = metric?.value !== null && metric?.value !== undefined ? ` (current ${metric.value}${metric.unit ?? ''})` : '';
  const where = resource === null ? '' : ` on ${resource}${region === null ? '' : ` (${region})`}`;
  return `[${status.toUpperCase()} ${severity}] ${rule ?? 'Tencent alarm'}: ${condition ?? 'alarm'}${current}${where}`;
}
