import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linesAt } from './lines-at.js';
import { parseLrc } from './parse-lrc.js';

// Lines: A 1000-3000, B 3000-4000, (gap 4000-10000), C 10000-13000 (last: 3 s).
const { lyrics } = parseLrc('[00:01.00]A\n[00:03.00]B\n[00:04.00]\n[00:10.00]C');

const cases: { ms: number; current: string | null; next: string | null; index: number }[] = [
  { ms: 0, current: null, next: 'A', index: -1 },
  { ms: 999, current: null, next: 'A', index: -1 },
  { ms: 1000, current: 'A', next: 'B', index: 0 },
  { ms: 2999, current: 'A', next: 'B', index: 0 },
  { ms: 3000, current: 'B', next: 'C', index: 1 },
  { ms: 4000, current: null, next: 'C', index: -1 },
  { ms: 9999, current: null, next: 'C', index: -1 },
  { ms: 10000, current: 'C', next: null, index: 2 },
  { ms: 12999, current: 'C', next: null, index: 2 },
  { ms: 13000, current: null, next: null, index: -1 },
  { ms: 1e9, current: null, next: null, index: -1 },
  { ms: -5, current: null, next: 'A', index: -1 },
];

describe('linesAt', () => {
  for (const c of cases) {
    it(`at ${c.ms} ms: ${c.current ?? '-'} / ${c.next ?? '-'}`, () => {
      const r = linesAt(lyrics, c.ms);
      assert.equal(r.current?.text ?? null, c.current);
      assert.equal(r.next?.text ?? null, c.next);
      assert.equal(r.currentIndex, c.index);
    });
  }

  it('has nothing for lyrics without lines', () => {
    assert.deepEqual(linesAt({ offsetMs: 0, lines: [] }, 0), { current: null, next: null, currentIndex: -1 });
  });
});
