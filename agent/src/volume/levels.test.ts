import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VolumeState } from '@ktv/protocol';
import { applyChange, applyMusicMax, stepLevel, type VolumeChange } from './levels.js';

const base: VolumeState = { music: 50, mic: 60, musicMax: 80, muted: false };

describe('volume levels', () => {
  const cases: [string, VolumeChange, Partial<VolumeState>][] = [
    ['music within max', { music: 70 }, { music: 70 }],
    ['music above max is capped, not refused', { music: 95 }, { music: 80 }],
    ['below 0 clamps', { music: -5, mic: -1 }, { music: 0, mic: 0 }],
    ['fractions round', { mic: 33.6 }, { mic: 34 }],
    ['mic is not capped by musicMax', { mic: 100 }, { mic: 100 }],
    ['mute keeps the levels', { muted: true }, { muted: true }],
    ['empty change', {}, {}],
  ];
  for (const [name, change, expect] of cases) {
    it(name, () => assert.deepEqual(applyChange(base, change), { ...base, ...expect }));
  }

  it('unmute restores the kept levels', () => {
    const muted = applyChange(base, { muted: true, music: 30 });
    assert.deepEqual(applyChange(muted, { muted: false }), { ...base, music: 30 });
  });

  it('refuses non-numbers', () => {
    assert.throws(() => applyChange(base, { music: Number.NaN }), { code: 'KTV_E_VOLUME_INVALID' });
    assert.throws(() => applyChange(base, { muted: 'yes' as unknown as boolean }), { code: 'KTV_E_VOLUME_INVALID' });
  });

  it('a lower musicMax brings music down', () => {
    assert.deepEqual(applyMusicMax(base, 40), { ...base, musicMax: 40, music: 40 });
    assert.deepEqual(applyMusicMax(base, 100), { ...base, musicMax: 100 });
  });

  it('steps to the next multiple of 5', () => {
    const table: [number, 1 | -1, number][] = [
      [37, 1, 40],
      [37, -1, 35],
      [40, 1, 45],
      [40, -1, 35],
      [0, -1, 0],
      [100, 1, 100],
      [98, 1, 100],
    ];
    for (const [from, dir, to] of table) assert.equal(stepLevel(from, dir), to, `${from} ${dir}`);
  });
});
