import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, isCalendarDate, isTimeZone, localTime, offsetChangeIn, wallMinutes, wallText } from './local-time.js';

const sec = (iso: string) => Date.parse(iso) / 1000;

describe('local time', () => {
  test('wall clock, weekday and offset in a zone', () => {
    const rows: [string, string, string, number, number, number][] = [
      // zone, instant, local date, second of day, weekday, offset (s)
      ['Asia/Shanghai', '2026-11-23T16:30:00Z', '2026-11-24', 30 * 60, 2, 8 * 3600],
      ['Asia/Shanghai', '2026-11-23T15:59:59Z', '2026-11-23', 86_399, 1, 8 * 3600],
      ['America/New_York', '2026-03-08T06:59:59Z', '2026-03-08', 3600 + 3599, 0, -5 * 3600],
      ['America/New_York', '2026-03-08T07:00:00Z', '2026-03-08', 3 * 3600, 0, -4 * 3600],
      ['America/New_York', '2026-11-01T05:59:59Z', '2026-11-01', 3600 + 3599, 0, -4 * 3600],
      ['America/New_York', '2026-11-01T06:00:00Z', '2026-11-01', 3600, 0, -5 * 3600],
    ];
    for (const [zone, iso, date, sod, weekday, offset] of rows) {
      assert.deepEqual(localTime(zone, sec(iso)), { date, secondOfDay: sod, weekday, offset }, `${zone} ${iso}`);
    }
  });

  test('the offset change inside a range, to the second', () => {
    const ny = 'America/New_York';
    assert.equal(
      offsetChangeIn(ny, sec('2026-03-08T00:00:00Z'), sec('2026-03-08T20:00:00Z')),
      sec('2026-03-08T07:00:00Z'),
    );
    assert.equal(
      offsetChangeIn(ny, sec('2026-11-01T00:00:00Z'), sec('2026-11-01T20:00:00Z')),
      sec('2026-11-01T06:00:00Z'),
    );
    assert.equal(offsetChangeIn(ny, sec('2026-06-01T00:00:00Z'), sec('2026-06-02T00:00:00Z')), undefined);
    assert.equal(offsetChangeIn('Asia/Shanghai', sec('2026-03-08T00:00:00Z'), sec('2026-03-09T00:00:00Z')), undefined);
  });

  test('calendar and wall-clock helpers', () => {
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.ok(isCalendarDate('2028-02-29'));
    assert.ok(!isCalendarDate('2026-02-29'));
    assert.ok(!isCalendarDate('2026-13-01'));
    assert.ok(isTimeZone('Asia/Shanghai'));
    assert.ok(!isTimeZone('Asia/Atlantis'));
    assert.equal(wallMinutes('24:00'), 1440);
    assert.equal(wallMinutes('08:30'), 510);
    assert.equal(wallText(86_400), '24:00');
    assert.equal(wallText(3 * 3600 + 59), '03:00');
  });
});
