import { readFile } from 'node:fs/promises';
import { ErrorCodes, KtvError, validateRoomBundle } from '@ktv/protocol';
import { configFromBundle, isRoomBundle } from './bundle.js';
import type { AgentConfig } from './types.js';
import { validateConfig } from './validate.js';

/**
 * Reads and validates a config file. A room's provisioning bundle is accepted as well (its fields
 * become the config, everything else takes the schema's defaults).
 * Throws KtvError(KTV_E_CONFIG) whose `details` are one line per problem.
 */
export async function loadConfigFile(path: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new KtvError(ErrorCodes.CONFIG, `cannot read config ${path}`, [(e as Error).message]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KtvError(ErrorCodes.CONFIG, `config ${path} is not JSON`, [(e as Error).message]);
  }
  if (isRoomBundle(raw)) {
    const bundle = validateRoomBundle(raw);
    if (!bundle.ok) throw new KtvError(ErrorCodes.CONFIG, `provisioning bundle ${path} is invalid`, bundle.errors);
  }
  const result = validateConfig(isRoomBundle(raw) ? configFromBundle(raw) : raw);
  if (!result.ok) throw new KtvError(ErrorCodes.CONFIG, `config ${path} is invalid`, result.errors);
  return result.value;
}
