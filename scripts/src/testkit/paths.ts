import { fileURLToPath } from 'node:url';

/** The repository's root folder (scripts/dist/testkit -> ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const GATEWAY_BIN = `${REPO_ROOT}gateway/bin/ktv-gateway.js`;
export const AGENT_BIN = `${REPO_ROOT}agent/bin/ktv-agent.js`;
