// The validators `npm run schema` compiles from the sources' zod schemas, one line each: the schema,
// its payload type, and the modules exporting its transforms and refinements.
import { dirname, join, relative } from 'node:path';
import type { core } from 'zod/mini';
import { packageRoot } from '../package-root.js';
import * as alertmanagerSchema from './alertmanager-format/schema.js';
import * as drift from './drift.js';
import * as logAlarmParts from './log-alarm-format/schema-parts.js';
import * as clsSchema from './tencent/cls/schema.js';
import * as tencentSchema from './tencent/schema.js';
import * as tlsSchema from './volcengine/tls/schema.js';
import * as volcengineSchema from './volcengine/schema.js';
import { compileValidator, exportedFunctions } from './validator-compiler.js';

interface CompiledValidatorSpec {
  /** The schema's module, from the package root. */
  readonly from: string;
  readonly schema: () => core.$ZodType;
  readonly exportName: string;
  readonly payloadType: string;
  /** Modules (from the package root) whose exported functions the schema calls, with their exports. */
  readonly modules: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const DRIFT = { 'lib/vendors/drift.ts': drift };
const LOG_ALARM_PARTS = { 'lib/vendors/log-alarm-format/schema-parts.ts': logAlarmParts };

export const COMPILED_VALIDATORS: readonly CompiledValidatorSpec[] = [
  {
    from: 'lib/vendors/tencent/schema.ts',
    schema: tencentSchema.tencentAlarmSchema,
    exportName: 'validateTencentAlarm',
    payloadType: 'TencentAlarm',
    modules: { 'lib/vendors/tencent/schema.ts': tencentSchema, ...DRIFT },
  },
  {
    from: 'lib/vendors/volcengine/schema.ts',
    schema: volcengineSchema.volcengineCallbackSchema,
    exportName: 'validateVolcengineCallback',
    payloadType: 'VolcengineCallback',
    modules: { 'lib/vendors/volcengine/schema.ts': volcengineSchema, ...DRIFT },
  },
  {
    from: 'lib/vendors/alertmanager-format/schema.ts',
    schema: alertmanagerSchema.alertmanagerNotificationSchema,
    exportName: 'validateAlertmanagerNotification',
    payloadType: 'AlertmanagerNotification',
    modules: { 'lib/vendors/alertmanager-format/schema.ts': alertmanagerSchema, ...DRIFT },
  },
  {
    from: 'lib/vendors/tencent/cls/schema.ts',
    schema: clsSchema.clsAlarmSchema,
    exportName: 'validateClsAlarm',
    payloadType: 'ClsAlarm',
    modules: { 'lib/vendors/tencent/cls/schema.ts': clsSchema, ...LOG_ALARM_PARTS, ...DRIFT },
  },
  {
    from: 'lib/vendors/volcengine/tls/schema.ts',
    schema: tlsSchema.tlsAlarmSchema,
    exportName: 'validateTlsAlarm',
    payloadType: 'TlsAlarm',
    modules: { 'lib/vendors/volcengine/tls/schema.ts': tlsSchema, ...LOG_ALARM_PARTS, ...DRIFT },
  },
];

/** `schema.ts` → `schema.compiled.ts`, beside it. */
export function compiledPath(from: string): string {
  return from.replace(/\.ts$/, '.compiled.ts');
}

/** An import specifier from the generated file to a module of the package. */
function specifier(out: string, module: string): string {
  const path = relative(dirname(out), module).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Each generated file's path (absolute) and text. */
export function compiledValidatorFiles(): { path: string; text: string }[] {
  return COMPILED_VALIDATORS.map((spec) => {
    const out = compiledPath(spec.from);
    const modules = Object.fromEntries(Object.entries(spec.modules).map(([module, exports]) => [specifier(out, module), exports]));
    const text = compileValidator({
      schema: spec.schema(),
      exportName: spec.exportName,
      payloadType: { module: specifier(out, spec.from), name: spec.payloadType },
      functions: exportedFunctions(modules),
      runtimeModule: specifier(out, 'lib/vendors/compiled-schema.ts'),
      from: spec.from,
    });
    return { path: join(packageRoot(), out), text };
  });
}
