import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertEventSchema, type AlertEvent, type VendorName } from '../../lib/event/alert-event.js';
import { CLS_TEMPLATE } from '../../lib/vendors/tencent/cls/template.js';
import { TLS_TEMPLATE } from '../../lib/vendors/volcengine/tls/template.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { request, testReceiver } from '../helpers/receiver.js';
import { ESCAPE_MODES, enginesMissing, onCi, render, renderOne, type Engine } from '../helpers/template-render.js';

// The shipped templates rendered by the real engines (Go text/template for CLS, pongo2 for TLS;
// test/helpers/template-render/) with hostile values in every text variable, then posted to the
// cloud's one function URL: each body becomes a valid event carrying every value exactly as fed in,
// or (only where the alarm has no id at all) is dead-lettered byte for byte.

const missing = enginesMissing();
if (missing !== null && !onCi) console.warn(`log-alarm templates: ${missing}; the real-engine render tests are skipped`);
const RUNS = Number(process.env.ALERTHOOK_TEMPLATE_RUNS ?? 40);
const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/log-alarms/${name}`, import.meta.url), 'utf8'));
const CLS_VARIABLES = read('cls-variables.json');
const TLS_VARIABLES = read('tls-variables.json');

/** Text no template should change: JSON's and HTML's specials, controls, template syntax, any code point. */
const NASTY = [
  '"',
  '\\',
  '\\n',
  '\\r',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  '\ufffd',
  '😀',
  '<',
  '>',
  '&',
  "'",
  '{{',
  '}}',
  '{%',
  '%}',
  '__proto__',
  '\u0301',
  '\ud83d\ude00',
];
const hostileText = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join('')),
  )
  // Go strings are UTF-8: a lone surrogate cannot reach either engine (encoding/json makes it U+FFFD first).
  .filter((text) => !/\p{Surrogate}/u.test(text));

/** What the event says for a fed text: the templates print nothing for "", and text/template prints `<no value>` for a missing one. */
const expected = (text: string) => (text === '' || text === '<no value>' ? null : text);

async function post(vendor: VendorName, body: string) {
  const sink = new MemorySink();
  const { receive } = testReceiver(vendor, sink, { mode: 'function' });
  const answer = JSON.parse((await receive(request({ body }))).body) as { status: string; deadLetterId?: string };
  if (answer.status === 'dead-lettered') {
    const letter = sink.deadLetters.get(answer.deadLetterId ?? '');
    expect(letter && Buffer.from(letter.body).equals(Buffer.from(body))).toBe(true);
    return { answer, event: undefined, reasons: letter?.errors };
  }
  expect(answer.status).toBe('accepted');
  const [encoded] = [...sink.events.values()];
  // The values from the JSON the sinks get: zod's record parser would itself drop a `__proto__` key.
  const event = JSON.parse(encoded?.json ?? 'null') as AlertEvent;
  expect(AlertEventSchema.safeParse(event).success).toBe(true);
  return { answer, event, reasons: undefined };
}

const clsCase = fc.record({
  notifyType: fc.constantFrom(1, 2),
  text: fc.array(hostileText, { minLength: 12, maxLength: 12 }),
});

function clsVariables({ notifyType, text }: { notifyType: number; text: string[] }) {
  const [alarm, alarmId, condition, message, topic, topicId, region, uin, group, trigger, query, log] = text as string[];
  return {
    ...CLS_VARIABLES,
    NotifyType: notifyType,
    Alarm: alarm,
    AlarmID: alarmId,
    Condition: condition,
    Message: message,
    Topic: topic,
    TopicId: topicId,
    Region: region,
    UIN: uin,
    RecordGroupId: group,
    TriggerParams: trigger,
    ExecuteQuery: [query],
    QueryParams: [{ TopicId: topicId, TopicName: topic, Query: query }],
    ConditionGroup: { [log as string]: group },
    QueryLog: [[{ content: { [log as string]: message, status: alarm }, fileName: log, source: region, time: 1653893430000, topicId }]],
  };
}

const tlsCase = fc.record({
  notifyType: fc.constantFrom(1, 2),
  text: fc.array(hostileText, { minLength: 9, maxLength: 9 }),
  logs: fc.array(fc.dictionary(hostileText, fc.oneof(hostileText, fc.integer())), { maxLength: 3 }),
});

function tlsVariables({ notifyType, text, logs }: { notifyType: number; text: string[]; logs: Record<string, unknown>[] }) {
  const [alarm, alarmId, condition, message, topic, region, account, project, group] = text as string[];
  return {
    ...TLS_VARIABLES,
    NotifyType: notifyType,
    Alarm: alarm,
    AlarmID: alarmId,
    Condition: condition,
    NotifyMsg: message,
    AlarmTopicName: topic,
    Region: region,
    AccountID: account,
    ProjectName: project,
    TriggerParams: [`$1.group=${group}`, '$1.cnt=15'],
    ExecuteQuery: [condition],
    FireResults: logs,
    QueryLog: [logs],
  };
}

describe.skipIf(missing !== null && !onCi)(
  `the shipped log-alarm templates, rendered by the real engines${missing === null ? '' : ` (skipped: ${missing})`}`,
  () => {
    it('finds the engines (on CI their absence is a failure: .ci/run installs golang-go golang-github-flosch-pongo2.v4-dev)', () => {
      expect(missing).toBeNull();
    });

    for (const mode of ESCAPE_MODES.cls) {
      it(`CLS, escape as ${mode}: every hostile value reaches the event unchanged`, async () => {
        const cases = fc.sample(clsCase, RUNS);
        const bodies = render(
          'cls',
          cases.map((c) => ({ template: CLS_TEMPLATE.body, variables: clsVariables(c), mode })),
        );
        for (const [index, rendered] of bodies.entries()) {
          if ('error' in rendered) throw new Error(`text/template refused the template: ${rendered.error}`);
          const fed = cases[index] as (typeof cases)[number];
          const [alarm, alarmId, condition, message, topic, topicId, region, uin, group, trigger, query, log] = fed.text as string[];
          const { event, reasons } = await post('tencent', rendered.body);
          if (expected(alarmId as string) === null && expected(alarm as string) === null) {
            expect(reasons?.[0]).toContain('alerthook template cls');
            continue;
          }
          expect(event, `${rendered.body} → ${JSON.stringify(reasons)}`).toBeDefined();
          const data = (event as AlertEvent).data;
          expect(event?.source).toBe('tencentcloud/cls');
          expect(data.status).toBe(fed.notifyType === 1 ? 'firing' : 'resolved');
          expect(data.rule).toMatchObject({
            id: expected(alarmId as string) ?? alarm,
            name: expected(alarm as string),
            condition: expected(condition as string),
          });
          expect(data.event).toMatchObject({ id: expected(group as string), description: expected(message as string) });
          expect(data.resource).toMatchObject({
            id: expected(topicId as string),
            name: expected(topic as string),
            region: expected(region as string),
          });
          expect(data.account.id).toBe(expected(uin as string));
          const details = data.event?.details as Record<string, any>;
          expect(details.triggerParams).toBe(expected(trigger as string));
          expect(details.executeQuery).toEqual([query]);
          expect(details.queries[0].Query).toBe(expected(query as string));
          expect(details.queryLog[0][0].content[log as string]).toBe(message);
          expect(details.queryLog[0][0].fileName).toBe(expected(log as string));
          expect(data.resource.dimensions).toEqual({ [log as string]: group });
          expect(data.labels.template_version).toBe('1');
        }
      });
    }

    for (const mode of ESCAPE_MODES.tls) {
      it(`TLS, toJson as ${mode}: every hostile value reaches the event unchanged`, async () => {
        const cases = fc.sample(tlsCase, RUNS);
        const bodies = render(
          'tls',
          cases.map((c) => ({ template: TLS_TEMPLATE.body, variables: tlsVariables(c), mode })),
        );
        for (const [index, rendered] of bodies.entries()) {
          if ('error' in rendered) throw new Error(`pongo2 refused the template: ${rendered.error}`);
          const fed = cases[index] as (typeof cases)[number];
          const [alarm, alarmId, condition, message, topic, region, account, project, group] = fed.text as string[];
          const { event, reasons } = await post('volcengine', rendered.body);
          if (expected(alarmId as string) === null) {
            expect(reasons?.[0]).toContain('alerthook template tls');
            continue;
          }
          expect(event, `${rendered.body} → ${JSON.stringify(reasons)}`).toBeDefined();
          const data = (event as AlertEvent).data;
          expect(event?.source).toBe('volcengine/tls');
          expect(data.status).toBe(fed.notifyType === 1 ? 'firing' : 'resolved');
          expect(data.rule).toMatchObject({ id: alarmId, name: expected(alarm as string), condition: expected(condition as string) });
          expect(data.event?.description).toBe(expected(message as string));
          expect(data.resource).toMatchObject({ name: expected(topic as string), region: expected(region as string) });
          expect(data.account).toEqual({ id: expected(account as string), project: expected(project as string) });
          const details = data.event?.details as Record<string, any>;
          expect(details.triggerParams).toEqual([`$1.group=${group}`, '$1.cnt=15']);
          expect(details.executeQuery).toEqual([condition]);
          expect(details.fireResults).toEqual(fed.logs);
          expect(details.queryLog).toEqual([fed.logs]);
          expect(data.labels.template_version).toBe('1');
        }
      });
    }

    it('pairs a trigger and its recovery as both engines render them, and two groups do not', async () => {
      const fingerprint = async (engine: Engine, variables: Record<string, unknown>) => {
        const vendor = engine === 'cls' ? 'tencent' : 'volcengine';
        const template = engine === 'cls' ? CLS_TEMPLATE.body : TLS_TEMPLATE.body;
        return (await post(vendor, renderOne(engine, { template, variables, mode: 'marshal' }))).event?.data.fingerprint;
      };
      const clsFired = await fingerprint('cls', CLS_VARIABLES);
      expect(await fingerprint('cls', { ...CLS_VARIABLES, NotifyType: 2, NotifyTimeUnix: 1653894335008 })).toBe(clsFired);
      expect(await fingerprint('cls', { ...CLS_VARIABLES, RecordGroupId: 'another-group' })).not.toBe(clsFired);
      const tlsFired = await fingerprint('tls', TLS_VARIABLES);
      expect(await fingerprint('tls', { ...TLS_VARIABLES, NotifyType: 2, TriggerParams: ['$1.AppName=checkout', '$1.cnt=1'] })).toBe(
        tlsFired,
      );
      expect(await fingerprint('tls', { ...TLS_VARIABLES, TriggerParams: ['$1.AppName=cart', '$1.cnt=15'] })).not.toBe(tlsFired);
    });

    it("pongo2's escapejs changes such values, which is why the TLS template uses TLS's toJson", () => {
      const fed = 'C:\\new 😀 \ufffd';
      const body = renderOne('tls', { template: '{"x": "{{x|escapejs}}"}', variables: { x: fed }, mode: 'marshal' });
      expect(JSON.parse(body).x).not.toBe(fed);
      expect(JSON.parse(renderOne('tls', { template: '{"x": {{toJson(x)|safe}}}', variables: { x: fed }, mode: 'marshal' })).x).toBe(fed);
    });
  },
);
