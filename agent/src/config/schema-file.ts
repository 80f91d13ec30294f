import { readShippedText } from '../assets.js';

/** firmware-config/agent.schema.json: from the source tree, or from the executable in a release build. */
export const AGENT_SCHEMA_KEY = 'firmware-config/agent.schema.json';

let cached: object | undefined;

export function readAgentSchema(): object {
  cached ??= JSON.parse(readShippedText(AGENT_SCHEMA_KEY)) as object;
  return cached;
}
