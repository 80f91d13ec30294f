import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { duration, percentOf, roundHalfUpDiv, timeCharge, yuan, zhe } from './money.js';

describe('money', () => {
  test('round half up, exactly at .5', () => {
    const rows: [number, number, number][] = [
      [0, 3600, 0],
      [1799, 3600, 0],
      [1800, 3600, 1],
      [5, 2, 3],
      [7, 2, 4],
      [149_5, 10, 150],
      [1, 3, 0],
      [2, 3, 1],
    ];
    for (const [n, d, expected] of rows) assert.equal(roundHalfUpDiv(n, d), expected, `${n}/${d}`);
  });

  test('time charge: seconds x price / 3600', () => {
    const rows: [number, number, number][] = [
      [3600, 9800, 9800],
      [1, 9000, 3], // 2.5
      [59, 9000, 148], // 147.5
      [60, 3800, 63], // 63.33
      [12 * 3600, 12_800, 153_600],
      [0, 9800, 0],
    ];
    for (const [s, p, expected] of rows) assert.equal(timeCharge(s, p), expected, `${s}s at ${p}`);
  });

  test('percent of, rounded half up', () => {
    assert.equal(percentOf(2990, 5), 150); // 149.5
    assert.equal(percentOf(2980, 5), 149);
    assert.equal(percentOf(12_345, 0), 0);
    assert.equal(percentOf(12_345, 100), 12_345);
  });

  test('words: yuan, 折, durations', () => {
    assert.equal(yuan(9800), '¥98.00');
    assert.equal(yuan(5), '¥0.05');
    assert.equal(yuan(-150), '-¥1.50');
    assert.equal(zhe(10), '9折');
    assert.equal(zhe(12), '8.8折');
    assert.equal(zhe(5), '9.5折');
    assert.equal(duration(0), '0秒');
    assert.equal(duration(59), '59秒');
    assert.equal(duration(3600), '1小时');
    assert.equal(duration(7620), '2小时7分');
    assert.equal(duration(3661), '1小时1分1秒');
  });
});
