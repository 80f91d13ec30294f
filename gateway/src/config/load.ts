import { readFile } from 'node:fs/promises';
import { compile, ErrorCodes, KtvError } from '@ktv/protocol';
import { type GatewayConfig, GatewayConfigSchema } from './schema.js';

const validate = compile(GatewayConfigSchema);

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a parsed config (defaults filled in, every error with its path) and freezes it.
 * Throws KtvError(KTV_E_CONFIG) whose `details` holds one line per error.
 */
export function parseConfig(value: unknown, source = 'config'): Readonly<GatewayConfig> {
  const copy: unknown = value === undefined ? {} : structuredClone(value);
  const result = validate(copy);
  if (!result.ok) {
    throw new KtvError(ErrorCodes.CONFIG, `${source} is invalid`, result.errors);
  }
  return deepFreeze(result.value);
}

/** Reads and validates a JSON config file; no file means every default. */
export async function loadConfig(file: string | undefined): Promise<Readonly<GatewayConfig>> {
  if (file === undefined) return parseConfig({});
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new KtvError(ErrorCodes.CONFIG, `cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KtvError(ErrorCodes.CONFIG, `${file} is not JSON: ${(e as Error).message}`);
  }
  return parseConfig(json, file);
}
