import { type Checked, compileJsonSchema } from '@ktv/protocol';
import { readAgentSchema } from './schema-file.js';
import type { AgentConfig } from './types.js';

let validator: ((value: unknown) => Checked<AgentConfig>) | undefined;

/** Drivers the schema names but this build cannot run yet, with the reason shown to the user. */
const UNAVAILABLE_DRIVERS: Readonly<Record<string, string>> = {};

/**
 * Validates a parsed config and fills in the schema's defaults. Never mutates its input.
 * Errors are one line each, with the field's path: `/sensors/debounceMs must be >= 0`.
 */
export function validateConfig(raw: unknown): Checked<AgentConfig> {
  validator ??= compileJsonSchema<AgentConfig>(readAgentSchema());
  const copy: unknown = structuredClone(raw);
  const result = validator(copy);
  if (!result.ok) return result;
  const unavailable = UNAVAILABLE_DRIVERS[result.value.sensors.driver];
  if (unavailable !== undefined) return { ok: false, errors: [unavailable] };
  return { ok: true, value: Object.freeze(result.value) };
}
