import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile, oneAtATime } from '@ktv/protocol';
import { Type } from '@sinclair/typebox';
import { writeFileDurably } from '../catalog/replica/durable-write.js';

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
  const dir = join(dataDir, 'room');
  const file = join(dir, 'call.json');
  /** Saves run one at a time, in call order: the last one called is what stays on disk. */
  const serial = oneAtATime();
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: ${(e as Error).message}`);
        return false;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        warn(`${file}: not JSON (${(e as Error).message}); the call starts cleared`);
        return false;
      }
      const checked = validateCallFile(parsed);
      if (!checked.ok) {
        warn(`${file}: ${checked.errors.join('; ')}; the call starts cleared`);
        return false;
      }
      return checked.value.callActive;
    },
    save(callActive) {
      const text = `${JSON.stringify({ version: 1, callActive })}\n`;
      return serial(async () => {
        await mkdir(dir, { recursive: true });
        await writeFileDurably(file, text);
      });
    },
  };
}

/** For tests and for a room without a data folder: keeps the flag in memory. */
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
