import { join } from 'node:path';
import { compile } from '@ktv/protocol';
import { Type } from '@sinclair/typebox';
import { jsonDocument } from '../storage/json-document.js';

/**
 * Whether the room's service call (呼叫服务) is waiting for staff, kept across a restart of the
 * room box: a guest who pressed the button must not be forgotten because the agent restarted
 * before anyone came. DATA/room/call.json, written whole (temp, fsync, rename) on each change.
 */
export interface CallStore {
  /** The saved flag; false when nothing (or nothing readable) is saved. */
  load(): Promise<boolean>;
  save(callActive: boolean): Promise<void>;
}

const CallFile = Type.Object({ version: Type.Literal(1), callActive: Type.Boolean() }, { additionalProperties: false });
const validateCallFile = compile(CallFile);

export function fileCallStore(dataDir: string, warn: (message: string) => void): CallStore {
  const doc = jsonDocument(join(dataDir, 'room', 'call.json'), validateCallFile, (m) =>
    warn(`${m}; the call starts cleared`),
  );
  return {
    load: async () => (await doc.load())?.callActive ?? false,
    save: (callActive) => doc.save({ version: 1, callActive }),
  };
}

/** For tests: keeps the flag in memory. */
export function memoryCallStore(initial = false): CallStore & { saved: boolean } {
  const store = {
    saved: initial,
    async load() {
      return store.saved;
    },
    async save(callActive: boolean) {
      store.saved = callActive;
    },
  };
  return store;
}
