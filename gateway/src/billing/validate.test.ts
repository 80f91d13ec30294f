import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Period, RatePlan } from './schemas.js';
import { sh, testPlan } from './test-fixtures.js';
import { validateRatePlan, validateSessionInput } from './validate.js';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const withSmall = (periods: Period[], more: Partial<RatePlan> = {}): RatePlan =>
  testPlan({ roomTypes: { small: { name: '小包', periods } }, packages: [], holidays: {}, ...more });

function errorsOf(v: unknown, check: (v: unknown) => { ok: boolean; errors?: string[] }): string[] {
  const r = check(v);
  assert.equal(r.ok, false, 'refused');
  return r.errors ?? [];
}

const afternoon = testPlan().packages.find((p) => p.id === 'afternoon') ?? assert.fail('fixture');

describe('validateRatePlan', () => {
  test('the test plan and the example plans are valid', () => {
    assert.ok(validateRatePlan(testPlan()).ok);
    const example = JSON.parse(
      readFileSync(new URL('../../../docs/examples/billing/plan-shanghai.json', import.meta.url), 'utf8'),
    );
    const checked = validateRatePlan(example);
    assert.deepEqual(checked.ok ? [] : checked.errors, []);
  });

  test('defaults are filled in on a copy, never in the input', () => {
    const { holidays: _h, packages: _p, memberLevels: _m, ...bare } = testPlan();
    const before = JSON.stringify(bare);
    const checked = validateRatePlan(bare);
    assert.ok(checked.ok);
    assert.deepEqual(checked.value.packages, []);
    assert.deepEqual(checked.value.holidays, {});
    assert.equal(JSON.stringify(bare), before);
  });

  const rows: { name: string; plan: unknown; errors: string[] }[] = [
    {
      name: 'schema: every error with its path',
      plan: { ...testPlan(), timeZone: 5, rounding: 'fen', billingUnitMin: 0, extra: true },
      errors: [
        '/ must not have property "extra"',
        '/timeZone must be string',
        '/billingUnitMin must be >= 1',
        '/rounding must be one of "none", "jiao", "yuan"',
      ],
    },
    {
      name: 'schema: a bad wall time and a negative price inside a period',
      plan: withSmall([{ name: '全天', days: ALL, start: '25:00', end: '00:00', pricePerHourFen: -1 }]),
      errors: [
        '/roomTypes/small/periods/0/start must match pattern "^([01][0-9]|2[0-3]):[0-5][0-9]$"',
        '/roomTypes/small/periods/0/pricePerHourFen must be >= 0',
      ],
    },
    {
      name: 'an unknown time zone',
      plan: testPlan({ timeZone: 'Asia/Atlantis' }),
      errors: ['/timeZone "Asia/Atlantis" is not a known IANA time zone'],
    },
    {
      name: 'a holiday that is not a calendar date',
      plan: testPlan({ holidays: { '2026-02-30': 'holiday' } }),
      errors: ['/holidays/2026-02-30 is not a calendar date'],
    },
    {
      name: 'a gap in the day',
      plan: withSmall([
        { name: '午场', days: ALL, start: '08:00', end: '18:00', pricePerHourFen: 100 },
        { name: '晚场', days: ALL, start: '18:00', end: '02:00', pricePerHourFen: 100 },
      ]),
      errors: [
        '/roomTypes/small/periods has no period for 02:00-08:00 on mon after sun, tue after mon, wed after tue, thu after wed, fri after thu, sat after fri, sun after sat',
      ],
    },
    {
      name: 'a weekday without periods (the first gap of each day pair is named)',
      plan: withSmall([
        {
          name: '全天',
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
          start: '00:00',
          end: '24:00',
          pricePerHourFen: 100,
        },
      ]),
      errors: ['/roomTypes/small/periods has no period for 00:00-24:00 on sun after sat'],
    },
    {
      name: 'a holiday day type without periods',
      plan: withSmall([{ name: '全天', days: ALL, start: '00:00', end: '24:00', pricePerHourFen: 100 }], {
        holidays: { '2026-10-01': 'holiday' },
      }),
      errors: ['/roomTypes/small/periods has no period for 00:00-24:00 on holiday after wed'],
    },
    {
      name: 'overlapping periods on a day',
      plan: withSmall([
        { name: '白天', days: ALL, start: '00:00', end: '19:00', pricePerHourFen: 100 },
        { name: '黄金档', days: ['fri'], start: '18:00', end: '24:00', pricePerHourFen: 200 },
        { name: '晚上', days: ALL, start: '19:00', end: '24:00', pricePerHourFen: 100 },
      ]),
      errors: [
        '/roomTypes/small/periods/1 overlaps /roomTypes/small/periods/0 on fri (黄金档 and 白天 both cover 18:00-18:01)',
      ],
    },
    {
      name: 'a package for a room type the plan does not have, and a package id used twice',
      plan: testPlan({
        packages: [{ ...afternoon, roomTypes: ['small', 'vip'] }, afternoon],
      }),
      errors: ['/packages/0/roomTypes/1 "vip" is not in /roomTypes', '/packages/1/id "afternoon" is used twice'],
    },
  ];
  for (const row of rows) {
    test(`refused: ${row.name}`, () => {
      assert.deepEqual(errorsOf(row.plan, validateRatePlan), row.errors);
    });
  }

  test('a period crossing midnight followed by a day period starting earlier is fine (carried over wins)', () => {
    const plan = withSmall([
      { name: '通宵', days: ['fri'], start: '22:00', end: '06:00', pricePerHourFen: 100 },
      { name: '晚上', days: ALL.filter((d) => d !== 'fri'), start: '18:00', end: '24:00', pricePerHourFen: 100 },
      { name: '白天', days: ['fri'], start: '00:00', end: '22:00', pricePerHourFen: 100 },
      { name: '白天', days: ALL.filter((d) => d !== 'fri'), start: '00:00', end: '18:00', pricePerHourFen: 100 },
    ]);
    const checked = validateRatePlan(plan);
    assert.deepEqual(checked.ok ? [] : checked.errors, []);
  });
});

describe('validateSessionInput', () => {
  const segment = { room: '101', roomType: 'small', startAt: sh('2026-11-23 19:00'), endAt: sh('2026-11-23 20:00') };
  test('a valid session; orders default to []', () => {
    const checked = validateSessionInput({ segments: [segment] });
    assert.ok(checked.ok);
    assert.deepEqual(checked.value.orders, []);
  });
  test('schema errors with their paths', () => {
    assert.deepEqual(
      errorsOf(
        {
          segments: [{ ...segment, startAt: 'now' }],
          orders: [{ lineId: 'a', itemId: 'b', name: '啤酒', category: '酒水', unitPriceFen: 1.5, qty: 0 }],
        },
        validateSessionInput,
      ),
      ['/segments/0/startAt must be integer', '/orders/0/unitPriceFen must be integer', '/orders/0/qty must be >= 1'],
    );
  });
  test('segments must be in time order and not end before they start', () => {
    assert.deepEqual(
      errorsOf(
        {
          segments: [
            { ...segment, endAt: segment.startAt - 1 },
            { ...segment, startAt: segment.startAt - 2 },
          ],
        },
        validateSessionInput,
      ),
      [
        '/segments/0/endAt must not be before its startAt',
        "/segments/1/startAt must not be before the previous segment's endAt",
      ],
    );
  });
});
