import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { compiledValidatorFiles } from '../../bin/compiled-validators.js';
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

describe('compiled validators', () => {
  it('are what `npm run schema` generates from the schemas as they are now', () => {
    for (const file of compiledValidatorFiles())
      expect(readFileSync(file.path, 'utf8'), `${file.path}: run npm run schema`).toBe(file.text);
  });

  it('validate every source of every vendor first, with zod behind them for the reasons', () => {
    for (const vendor of Object.values(VENDORS)) {
      for (const source of sourcesOf(vendor)) {
        expect(typeof (source.schema as CompiledFirstSchema<unknown>).zodSchema, `${vendor.name}/${source.name}`).toBe('function');
      }
    }
  });

  it('refuse to compile what they do not mirror, rather than guess', () => {
    expect(() => compile(z.date())).toThrow(/zod type date is not supported/);
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
  });
});
