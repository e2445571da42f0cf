import type { core } from 'zod/mini';

type Schema = core.$ZodType;
// biome-ignore lint/complexity/noBannedTypes: transforms and refinements are looked up by identity
export type AnyFunction = Function;

/** Where a function the schema calls is exported from: a module path relative to the generated file. */
export interface ExportedFunction {
  readonly module: string;
  readonly name: string;
}

/** Compiles zod schema nodes into functions of the generated file, one per distinct node (see validator-compiler.ts). */
export class SchemaNodeCompiler {
  readonly functions: string[] = [];
  readonly constants: string[] = [];
  readonly imported = new Set<ExportedFunction>();
  usesPlainRecord = false;
  private readonly names = new Map<Schema, string>();
  private readonly bodies = new Map<string, string>();

  constructor(private readonly known: ReadonlyMap<AnyFunction, ExportedFunction>) {}

  /** The name of the generated function validating `schema`, compiling it on first use (shared parts, and parts alike, once). */
  functionFor(schema: Schema): string {
    const existing = this.names.get(schema);
    if (existing !== undefined) return existing;
    // zod has no cycles without z.lazy, which is not supported: the parts compile before the whole.
    const body = [...this.parse(schema), ...this.checks(schema)].map((line) => `  ${line}`).join('\n');
    const name = this.bodies.get(body) ?? `v${this.bodies.size}`;
    if (!this.bodies.has(body)) {
      this.bodies.set(body, name);
      this.functions.push(`function ${name}(x: any): any {`, body, '}', '');
    }
    this.names.set(schema, name);
    return name;
  }

  private call(fn: AnyFunction, what: string): string {
    const exported = this.known.get(fn);
    if (exported === undefined)
      throw new Error(`validator compiler: a ${what} is not exported by any module given (export it by name): ${String(fn).slice(0, 120)}`);
    // An import must not be shadowed by the generated code's own names.
    if (GENERATED_NAME.test(exported.name))
      throw new Error(`validator compiler: the ${what} ${exported.name} has a name the generated code uses`);
    this.imported.add(exported);
    return exported.name;
  }

  /** Lines that set `out` from the input `x`, or return INVALID (checks() then refines and returns `out`). */
  private parse(schema: Schema): string[] {
    const def = schema._zod.def as core.$ZodTypeDef & Record<string, unknown>;
    if ('coerce' in def && def.coerce === true) throw new Error(`validator compiler: coerced ${def.type} is not supported`);
    switch (def.type) {
      case 'string':
        return ["if (typeof x !== 'string') return INVALID;", 'const out: any = x;'];
      case 'number':
        // zod refuses NaN and ±Infinity.
        return ["if (typeof x !== 'number' || !Number.isFinite(x)) return INVALID;", 'const out: any = x;'];
      case 'boolean':
        return ["if (typeof x !== 'boolean') return INVALID;", 'const out: any = x;'];
      case 'null':
        return ['if (x !== null) return INVALID;', 'const out: any = x;'];
      case 'unknown':
      case 'any':
        return ['const out: any = x;'];
      case 'optional': {
        const inner = (def as unknown as core.$ZodOptionalDef).innerType;
        if (inner._zod.optin === 'defaulted') throw new Error('validator compiler: optional of a defaulted schema is not supported');
        return ['if (x === undefined) return undefined;', `const out: any = ${this.functionFor(inner)}(x);`];
      }
      case 'nullable':
        return [
          'if (x === null) return null;',
          `const out: any = ${this.functionFor((def as unknown as core.$ZodNullableDef).innerType)}(x);`,
        ];
      case 'pipe': {
        const pipe = def as unknown as core.$ZodPipeDef;
        // A failed left side stops the pipe (its only exception, unrecognized keys, no loose object reports).
        return [
          `const left = ${this.functionFor(pipe.in)}(x);`,
          'if (left === INVALID) return INVALID;',
          `const out: any = ${this.functionFor(pipe.out)}(left);`,
        ];
      }
      case 'transform': {
        const transform = (def as unknown as core.$ZodTransformDef).transform;
        const name = this.call(transform, 'transform');
        // A transform reports a refusal by pushing an issue onto the payload it is given. Every
        // transform gets one, as in zod: its arity cannot tell (a default parameter hides the second).
        return [
          'const payload: any = { value: x, issues: [] };',
          // Called as zod calls it, whatever parameters its type declares.
          `const out: any = (${name} as (value: unknown, payload: unknown) => unknown)(x, payload);`,
          'if (payload.issues.length !== 0) return INVALID;',
        ];
      }
      case 'array': {
        const element = this.functionFor((def as unknown as core.$ZodArrayDef).element);
        return [
          'if (!Array.isArray(x)) return INVALID;',
          'const out: any = new Array(x.length);',
          'for (let i = 0; i < x.length; i++) {',
          `  const item = ${element}(x[i]);`,
          '  if (item === INVALID) return INVALID;',
          '  out[i] = item;',
          '}',
        ];
      }
      case 'tuple':
        return this.tuple(def as unknown as core.$ZodTupleDef);
      case 'enum':
      case 'literal':
        return [`if (!${this.valuesOf(schema)}.has(x)) return INVALID;`, 'const out: any = x;'];
      case 'union':
        return 'discriminator' in def && def.discriminator !== undefined
          ? this.discriminatedUnion(def as unknown as core.$ZodDiscriminatedUnionDef)
          : this.union(def as unknown as core.$ZodUnionDef);
      case 'record':
        return this.record(def as unknown as core.$ZodRecordDef);
      case 'object':
        return this.object(def as unknown as core.$ZodObjectDef);
      default:
        throw new Error(`validator compiler: zod type ${def.type} is not supported`);
    }
  }

  /** The schema's refinements, run on its output in order, as zod runs them when the parse raised no issue. */
  private checks(schema: Schema): string[] {
    const checks = schema._zod.def.checks ?? [];
    if (checks.length === 0) return ['return out;'];
    if (['optional', 'nullable'].includes(schema._zod.def.type))
      throw new Error('validator compiler: refinements of an optional or nullable are not supported (refine what it wraps)');
    const lines = ['if (out === INVALID) return INVALID;'];
    for (const check of checks) {
      const checkDef = check._zod.def as core.$ZodCheckDef & { fn?: AnyFunction; when?: unknown };
      if (checkDef.check !== 'custom' || typeof checkDef.fn !== 'function' || checkDef.when !== undefined)
        throw new Error(`validator compiler: check ${checkDef.check} is not supported (only refinements without \`when\`)`);
      lines.push(`if (!${this.call(checkDef.fn, 'refinement')}(out)) return INVALID;`);
    }
    return [...lines, 'return out;'];
  }

  private readonly constantNames = new Map<string, string>();

  /** A module-level constant of the generated file, once per distinct expression. */
  private constant(expression: string): string {
    const existing = this.constantNames.get(expression);
    if (existing !== undefined) return existing;
    const name = `c${this.constants.length}`;
    this.constants.push(`const ${name} = ${expression};`);
    this.constantNames.set(expression, name);
    return name;
  }

  private valuesOf(schema: Schema): string {
    const values = [...(schema._zod.values ?? [])];
    for (const value of values) literal(value);
    return this.constant(`new Set<unknown>([${values.map(literal).join(', ')}])`);
  }

  private union(def: core.$ZodUnionDef): string[] {
    const options = def.options.map((option) => this.functionFor(option));
    // The first option that accepts the input gives the output, as in zod.
    const [first, ...others] = options;
    return [`let out: any = ${first}(x);`, ...others.map((option) => `if (out === INVALID) out = ${option}(x);`)];
  }

  private discriminatedUnion(def: core.$ZodDiscriminatedUnionDef): string[] {
    if (def.unionFallback === true) throw new Error('validator compiler: a discriminated union with unionFallback is not supported');
    const key = JSON.stringify(def.discriminator);
    const lines = ["if (typeof x !== 'object' || x === null || Array.isArray(x)) return INVALID;", 'let out: any;', `switch (x[${key}]) {`];
    for (const option of def.options) {
      const values = option._zod.propValues?.[def.discriminator];
      if (values === undefined || values.has(undefined))
        throw new Error('validator compiler: a discriminated option needs its tag required');
      for (const value of values) lines.push(`  case ${literal(value)}:`);
      lines.push(`    out = ${this.functionFor(option)}(x);`, '    break;');
    }
    // No other tag is accepted (zod's unionFallback is off).
    return [...lines, '  default:', '    return INVALID;', '}'];
  }

  private tuple(def: core.$ZodTupleDef): string[] {
    if (def.rest !== null && def.rest !== undefined) throw new Error('validator compiler: a tuple with a rest is not supported');
    // Items that may be absent change zod's length rules; ours all must be there, exactly.
    if (def.items.some((item) => item._zod.optin !== undefined || item._zod.optout !== undefined))
      throw new Error('validator compiler: a tuple with optional items is not supported');
    const items = def.items.map((item) => this.functionFor(item));
    const lines = [`if (!Array.isArray(x) || x.length !== ${items.length}) return INVALID;`];
    for (const [i, item] of items.entries()) lines.push(`const i${i} = ${item}(x[${i}]);`, `if (i${i} === INVALID) return INVALID;`);
    return [...lines, `const out: any = [${items.map((_, i) => `i${i}`).join(', ')}];`];
  }

  private record(def: core.$ZodRecordDef): string[] {
    const keyDef = def.keyType._zod.def;
    if (keyDef.type !== 'string' || (keyDef.checks ?? []).length > 0 || def.keyType._zod.values !== undefined)
      throw new Error('validator compiler: only records keyed by a plain z.string() are supported');
    this.usesPlainRecord = true;
    const value = this.functionFor(def.valueType);
    return [
      // zod walks Reflect.ownKeys, skips __proto__ and what is not enumerable, and refuses a symbol key;
      // for…in yields the same own string keys in the same order, without building the list.
      'if (!isPlainRecord(x) || hasEnumerableSymbol(x)) return INVALID;',
      'const out: any = {};',
      'for (const key in x) {',
      "  if (key === '__proto__' || !Object.hasOwn(x, key)) continue;",
      `  const item = ${value}((x as Record<string, unknown>)[key]);`,
      '  if (item === INVALID) return INVALID;',
      '  out[key] = item;',
      '}',
    ];
  }

  private object(def: core.$ZodObjectDef): string[] {
    const catchall = def.catchall?._zod.def.type;
    if (catchall !== undefined && catchall !== 'unknown')
      throw new Error(`validator compiler: an object whose catchall is ${catchall} is not supported`);
    const shape = def.shape;
    const keys = Object.keys(shape);
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Error('validator compiler: symbol keys are not supported');
    const lines = ["if (typeof x !== 'object' || x === null || Array.isArray(x)) return INVALID;", 'const out: any = {};'];
    keys.forEach((key, i) => {
      if (key === '__proto__') return; // zod never writes it
      const field = shape[key] as Schema;
      const k = JSON.stringify(key);
      const run = this.functionFor(field);
      const { optin, optout } = field._zod;
      if (optin === 'defaulted') throw new Error('validator compiler: defaulted fields are not supported');
      if (optin === undefined) {
        // Required: absent is an issue; present, its output is kept, undefined or not.
        lines.push(
          `if (!(${k} in x)) return INVALID;`,
          `const f${i} = ${run}(x[${k}]);`,
          `if (f${i} === INVALID) return INVALID;`,
          `out[${k}] = f${i};`,
        );
      } else if (optout === 'optional') {
        // Optional in and out: an absent key contributes nothing, whatever the field makes of undefined.
        lines.push(
          `if (${k} in x) {`,
          `  const f${i} = ${run}(x[${k}]);`,
          `  if (f${i} === INVALID) return INVALID;`,
          `  out[${k}] = f${i};`,
          '}',
        );
      } else {
        // Optional in only (a transform of an optional): the field runs on undefined; its output is kept unless undefined and absent.
        lines.push(
          `const f${i} = ${run}(x[${k}]);`,
          `if (f${i} === INVALID) return INVALID;`,
          `if (f${i} !== undefined || ${k} in x) out[${k}] = f${i};`,
        );
      }
    });
    if (catchall === 'unknown') {
      // A loose object keeps every other key as it came, in the input's order (zod's for…in), never __proto__.
      const declared = this.constant(`new Set<string>(${JSON.stringify(keys)})`);
      lines.push('for (const key in x) {', `  if (key === '__proto__' || ${declared}.has(key)) continue;`, '  out[key] = x[key];', '}');
    }
    return lines;
  }
}

/** The names the generated code declares: an imported transform or refinement may not take one. */
const GENERATED_NAME = /^(x|out|payload|left|item|key|i|[vcfi]\d+|INVALID|isPlainRecord|hasEnumerableSymbol)$/;

/** A literal value as source text: strings, finite numbers, booleans and null (JSON would write NaN as null). */
function literal(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`validator compiler: the literal ${value} is not supported`);
  if (!['string', 'number', 'boolean'].includes(typeof value) && value !== null)
    throw new Error(`validator compiler: a literal of type ${typeof value} is not supported`);
  return JSON.stringify(value);
}
