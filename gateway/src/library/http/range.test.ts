import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ifRangeMatches, planRange, type RangePlan } from './range.js';

const partial = (start: number, end: number): RangePlan => ({ kind: 'partial', start, end });
const FULL: RangePlan = { kind: 'full' };
const NONE: RangePlan = { kind: 'unsatisfiable' };

describe('planRange (file of 1000 bytes)', () => {
  const cases: [string | undefined, RangePlan][] = [
    [undefined, FULL],
    ['bytes=0-0', partial(0, 0)],
    ['bytes=0-99', partial(0, 99)],
    ['bytes=500-599', partial(500, 599)],
    ['bytes=900-', partial(900, 999)],
    ['bytes=900-5000', partial(900, 999)],
    ['bytes=-100', partial(900, 999)],
    ['bytes=-5000', partial(0, 999)],
    ['bytes = 10 - 19', partial(10, 19)],
    ['bytes=1000-', NONE],
    ['bytes=1000-1100', NONE],
    ['bytes=-0', NONE],
    ['bytes=99-10', FULL],
    ['bytes=abc', FULL],
    ['bytes=-', FULL],
    ['items=0-10', FULL],
    ['bytes=0-1,5-6', FULL],
    ['', FULL],
  ];
  for (const [header, want] of cases) {
    it(`${JSON.stringify(header)} → ${JSON.stringify(want)}`, () => assert.deepEqual(planRange(header, 1000), want));
  }
  it('an empty file satisfies no range', () => {
    assert.deepEqual(planRange('bytes=0-', 0), NONE);
    assert.deepEqual(planRange('bytes=-1', 0), NONE);
  });
});

describe('ifRangeMatches', () => {
  const etag = '"3e8-18f"';
  const date = 'Mon, 23 Nov 2026 10:00:00 GMT';
  const cases: [string | undefined, boolean][] = [
    [undefined, true],
    [etag, true],
    ['"other"', false],
    [`W/${etag}`, false],
    [date, true],
    ['Mon, 23 Nov 2026 09:00:00 GMT', false],
  ];
  for (const [value, want] of cases) {
    it(`${String(value)} → ${want}`, () => assert.equal(ifRangeMatches(value, etag, date), want));
  }
});
