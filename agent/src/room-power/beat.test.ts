import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightScene } from '@ktv/protocol';
import { sceneFrameAt } from './beat.js';

const base = { main: 10, red: 20 };
const flash = { main: 255, red: 255, white: 255 };
const party: LightScene = { levels: base, relays: {}, beat: { levels: flash, holdPct: 25 } };
const plain: LightScene = { levels: base, relays: {} };

describe('party scene follows the beat', () => {
  // 120 bpm: a beat every 500 ms, the flash holds 125 ms.
  const cases: {
    name: string;
    scene: LightScene;
    bpm: number | null;
    since: number;
    levels: Record<string, number>;
    hold: number | null;
  }[] = [
    { name: 'start of a beat flashes', scene: party, bpm: 120, since: 0, levels: flash, hold: 125 },
    { name: 'inside the flash', scene: party, bpm: 120, since: 100, levels: flash, hold: 25 },
    { name: 'end of the flash shows the base', scene: party, bpm: 120, since: 125, levels: base, hold: 375 },
    { name: 'late in the beat', scene: party, bpm: 120, since: 499, levels: base, hold: 1 },
    { name: 'the next beat flashes again', scene: party, bpm: 120, since: 1000, levels: flash, hold: 125 },
    { name: 'a song without tempo shows the base', scene: party, bpm: null, since: 0, levels: base, hold: null },
    { name: 'a scene without beat ignores the tempo', scene: plain, bpm: 120, since: 0, levels: base, hold: null },
    { name: 'fast song (200 bpm)', scene: party, bpm: 200, since: 300, levels: flash, hold: 75 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const frame = sceneFrameAt(c.scene, c.bpm, c.since);
      assert.deepEqual(frame.levels, c.levels);
      assert.equal(frame.holdMs, c.hold);
    });
  }
});
