import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** firmware-config/agent.schema.json, found relative to this module (agent/dist/config/). */
export const AGENT_SCHEMA_PATH = fileURLToPath(new URL('../../../firmware-config/agent.schema.json', import.meta.url));

let cached: object | undefined;

export function readAgentSchema(): object {
  cached ??= JSON.parse(readFileSync(AGENT_SCHEMA_PATH, 'utf8')) as object;
  return cached;
}
