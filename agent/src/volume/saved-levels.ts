import { join } from 'node:path';
import { compile, type VolumeState } from '@ktv/protocol';
import { Type } from '@sinclair/typebox';
import { jsonDocument } from '../storage/json-document.js';
import { latestOnly } from '../storage/latest-only.js';

/**
 * The room's music and microphone levels and mute, kept in DATA/volume.json so that a room box
 * that restarts mid-song (power cut, crash) comes back at the guests' levels, not the defaults.
 * A slider drag is written as its first and last value (latestOnly), each write whole and fsynced.
 */
const LevelsFile = Type.Object(
  {
    version: Type.Literal(1),
    music: Type.Integer({ minimum: 0, maximum: 100 }),
    mic: Type.Integer({ minimum: 0, maximum: 100 }),
    muted: Type.Boolean(),
  },
  { additionalProperties: false },
);
const validateLevelsFile = compile(LevelsFile);

export interface SavedLevels {
  /** The levels saved last, or undefined (nothing saved, or unreadable: then `warn` said why). */
  load(): Promise<{ music: number; mic: number; muted: boolean } | undefined>;
  save(state: VolumeState): Promise<void>;
  /** Resolves once every save asked for so far has finished (or failed). */
  settled(): Promise<void>;
}

export function savedLevels(dataDir: string, warn: (message: string) => void): SavedLevels {
  const doc = jsonDocument(join(dataDir, 'volume.json'), validateLevelsFile, (m) =>
    warn(`${m}; the room starts at the configured levels`),
  );
  const write = latestOnly((state: VolumeState) =>
    doc.save({ version: 1, music: state.music, mic: state.mic, muted: state.muted }),
  );
  let last: Promise<void> = Promise.resolve();
  return {
    async load() {
      const saved = await doc.load();
      return saved ? { music: saved.music, mic: saved.mic, muted: saved.muted } : undefined;
    },
    save(state) {
      const p = write(state);
      last = p.catch(() => undefined);
      return p;
    },
    settled: () => last,
  };
}
