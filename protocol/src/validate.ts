import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface Validator<T> {
  (value: unknown): Checked<T>;
  readonly schema: TSchema;
}

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });

/** One line per error: `/sensors/doorOpen must be boolean`. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors || errors.length === 0) return ['invalid'];
  return errors.map((e) => {
    const path = e.instancePath === '' ? '/' : e.instancePath;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${path} must not have property "${extra}"`;
    }
    if (e.keyword === 'enum' || e.keyword === 'const') {
      const allowed = e.params as { allowedValues?: unknown[]; allowedValue?: unknown };
      const values = allowed.allowedValues ?? [allowed.allowedValue];
      return `${path} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return `${path} ${e.message ?? 'is invalid'}`;
  });
}

/** Compiles a TypeBox (JSON Schema) schema once; the result checks and narrows. */
export function compile<S extends TSchema>(schema: S): Validator<Static<S>> {
  const fn: ValidateFunction = ajv.compile(schema);
  const check = (value: unknown): Checked<Static<S>> =>
    fn(value) ? { ok: true, value: value as Static<S> } : { ok: false, errors: formatAjvErrors(fn.errors) };
  return Object.assign(check, { schema });
}

/** Compiles a plain JSON Schema document (e.g. firmware-config/*.schema.json). */
export function compileJsonSchema<T>(schema: object): (value: unknown) => Checked<T> {
  const fn = ajv.compile(schema);
  return (value: unknown) =>
    fn(value) ? { ok: true, value: value as T } : { ok: false, errors: formatAjvErrors(fn.errors) };
}
