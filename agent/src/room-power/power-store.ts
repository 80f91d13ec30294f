import { join } from 'node:path';
import { compile, SceneSettings } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { jsonDocument } from '../storage/json-document.js';

/**
 * DATA/room-power/state.json: the power rules' state and the store's scenes as last heard, so a
 * room box that restarts while its gateway is away keeps a running session's room on and knows
 * its scenes. Written whole (temp, fsync, rename) only when something changed: a few writes per
 * session, never on a hot path.
 */
const PersistedState = Type.Object(
  {
    tv: Type.Boolean(),
    amp: Type.Boolean(),
    scene: Type.String(),
    sessionId: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.String(), Type.Null()]),
    guestScene: Type.Union([Type.String(), Type.Null()]),
    lastActivityAt: Type.Integer({ minimum: 0 }),
    idleMinutes: Type.Integer({ minimum: 1 }),
    reason: Type.String(),
  },
  { additionalProperties: true },
);

const PowerFile = Type.Object(
  { version: Type.Literal(1), state: PersistedState, scenes: Type.Union([SceneSettings, Type.Null()]) },
  { additionalProperties: false },
);
export type PowerFile = Static<typeof PowerFile>;
const validatePowerFile = compile(PowerFile);

export interface PowerStore {
  load(): Promise<PowerFile | undefined>;
  save(file: PowerFile): Promise<void>;
}

/** A damaged or foreign file is reported through `warn` and ignored (the room waits for the gateway). */
export function filePowerStore(dataDir: string, warn: (message: string) => void): PowerStore {
  return jsonDocument(join(dataDir, 'room-power', 'state.json'), validatePowerFile, warn);
}

/** For tests: keeps the document in memory. */
export function memoryPowerStore(initial?: PowerFile): PowerStore & { saved: PowerFile | undefined } {
  const store = {
    saved: initial,
    async load() {
      return store.saved ? structuredClone(store.saved) : undefined;
    },
    async save(doc: PowerFile) {
      store.saved = structuredClone(doc);
    },
  };
  return store;
}
