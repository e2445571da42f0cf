import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { COMPILED_VALIDATORS, compiledPath, compiledValidatorFiles } from '../../lib/vendors/compiled-validators.js';
import { packageRoot } from '../../lib/package-root.js';
import type { CompiledFirstSchema } from '../../lib/vendors/compiled-schema.js';
import { compileValidator, exportedFunctions } from '../../lib/vendors/validator-compiler.js';
import { sourcesOf } from '../../lib/vendors/vendor-sources.js';
import { VENDORS } from '../helpers/receiver.js';

// The compiled validators are generated code: committed, so a function bundle needs no generator,
// and held to their zod schemas here (freshness) and in test/property/compiled-validators.test.ts
// (agreement on arbitrary input).

const compile = (schema: z.core.$ZodType, modules: Record<string, Record<string, unknown>> = {}) =>
  compileValidator({
    schema,
    exportName: 'validate',
    payloadType: { module: './schema.js', name: 'Payload' },
    functions: exportedFunctions(modules),
    runtimeModule: '../compiled-schema.js',
    from: 'test',
  });

/** The generated TypeScript, run: its types stripped by esbuild, its imports given as arguments. */
async function loadGenerated(source: string, named: Record<string, unknown>): Promise<(body: unknown) => unknown> {
  const { transform } = await import('esbuild');
  const { code } = await transform(source, { loader: 'ts', format: 'cjs' });
  const runtime = await import('../../lib/vendors/compiled-schema.js');
  const module = { exports: {} as Record<string, unknown> };
  const require = (specifier: string) => (specifier === '../compiled-schema.js' ? runtime : specifier === './schema.js' ? {} : named);
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports.validate as (body: unknown) => unknown;
}

describe('compiled validators', () => {
  it('are what `npm run schema` generates from the schemas as they are now', () => {
    for (const file of compiledValidatorFiles())
      expect(readFileSync(file.path, 'utf8'), `${file.path}: run npm run schema`).toBe(file.text);
  });

  it('validate every source of every vendor first, each with its own schema’s validator and zod behind it', async () => {
    const generated = await Promise.all(
      COMPILED_VALIDATORS.map(async (spec) => ({
        spec,
        validate: ((await import(join(packageRoot(), compiledPath(spec.from)))) as Record<string, unknown>)[spec.exportName],
      })),
    );
    for (const vendor of Object.values(VENDORS)) {
      for (const source of sourcesOf(vendor)) {
        const schema = source.schema as CompiledFirstSchema<unknown>;
        const pair = generated.find(({ spec }) => (spec.schema as unknown) === schema.zodSchema);
        expect(pair, `${vendor.name}/${source.name}: its zod schema is in lib/vendors/compiled-validators.ts`).toBeDefined();
        expect(schema.validate, `${vendor.name}/${source.name}: validated by ${pair?.spec.exportName}`).toBe(pair?.validate);
      }
    }
  });

  it('refuse to compile what they do not mirror, rather than guess', () => {
    expect(() => compile(z.date())).toThrow(/zod type date is not supported/);
    // undefined is the generated function's answer for a refused body, so no root may output it.
    expect(() => compile(z.optional(z.looseObject({})))).toThrow(/must not be optional at its root/);
    expect(() => compile(z.looseObject({ a: z.string() }).check(z.minLength(1) as never))).toThrow(/check .* is not supported/);
    expect(() => compile(z.object({ a: z._default(z.string(), 'x') }))).toThrow(/defaulted|type default/);
    expect(() =>
      compile(
        z.pipe(
          z.string(),
          z.transform((value) => value.length),
        ),
      ),
    ).toThrow(/transform is not exported by any module given/);
    const named = { length: (value: string) => value.length };
    expect(compile(z.pipe(z.string(), z.transform(named.length)), { './lengths.js': named })).toContain(
      "import { length } from './lengths.js';",
    );
    // JSON would write NaN and Infinity as null: a literal the generated code could not spell is refused.
    expect(() => compile(z.literal([Number.POSITIVE_INFINITY]))).toThrow(/literal Infinity is not supported/);
    // A transform named like one of the generated code's own locals would be shadowed by it.
    const shadowed = { out: (value: string) => value };
    expect(() => compile(z.pipe(z.string(), z.transform(shadowed.out)), { './out.js': shadowed })).toThrow(
      /has a name the generated code uses/,
    );
  });

  it('give every transform zod’s payload, whatever its arity says', async () => {
    // A default parameter hides the payload from `length`: a transform refusing through it must still refuse.
    const refusing = {
      refuseBad: (value: string, payload: { issues: unknown[] } = { issues: [] }) => {
        if (value === 'bad') payload.issues.push({ code: 'custom', message: 'bad', input: value });
        return value;
      },
    };
    expect(refusing.refuseBad.length).toBe(1);
    const schema = z.looseObject({ a: z.pipe(z.string(), z.transform(refusing.refuseBad)) });
    const validate = await loadGenerated(compile(schema, { './refusing.js': refusing }), refusing);
    expect(schema.safeParse({ a: 'bad' }).success).toBe(false);
    expect(validate({ a: 'bad' })).toBeUndefined();
    expect(validate({ a: 'good' })).toEqual({ a: 'good' });
  });
});
