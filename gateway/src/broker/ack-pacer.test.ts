import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AckPacer } from './ack-pacer.js';

/** A scheduler the test turns by hand: each `turn()` runs what was scheduled before it. */
function manualTurns() {
  let pending: Array<() => void> = [];
  return {
    schedule: (run: () => void) => pending.push(run),
    turn() {
      const now = pending;
      pending = [];
      for (const run of now) run();
    },
    get scheduled() {
      return pending.length;
    },
  };
}

describe('AckPacer', () => {
  const cases: Array<{ perTurn: number; acks: number; turns: number[] }> = [
    { perTurn: 8, acks: 0, turns: [] },
    { perTurn: 8, acks: 3, turns: [3] },
    { perTurn: 8, acks: 8, turns: [8] },
    { perTurn: 8, acks: 20, turns: [8, 8, 4] },
    { perTurn: 1, acks: 3, turns: [1, 1, 1] },
  ];
  for (const c of cases) {
    it(`releases ${c.acks} acks ${c.perTurn} per turn as ${JSON.stringify(c.turns)}`, () => {
      const turns = manualTurns();
      const pacer = new AckPacer(c.perTurn, turns.schedule);
      const released: number[] = [];
      for (let i = 0; i < c.acks; i += 1) pacer.release(() => released.push(i));
      assert.equal(released.length, 0, 'nothing runs before its turn');
      const perTurn: number[] = [];
      while (turns.scheduled > 0) {
        const before = released.length;
        turns.turn();
        perTurn.push(released.length - before);
      }
      assert.deepEqual(perTurn, c.turns);
      assert.deepEqual(
        released,
        Array.from({ length: c.acks }, (_, i) => i),
        'in release order',
      );
      assert.equal(pacer.waiting, 0);
    });
  }

  it('an ack released during a drain waits for a later turn', () => {
    const turns = manualTurns();
    const pacer = new AckPacer(2, turns.schedule);
    const order: string[] = [];
    pacer.release(() => {
      order.push('a');
      pacer.release(() => order.push('c'));
    });
    pacer.release(() => order.push('b'));
    turns.turn();
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(pacer.waiting, 1);
    turns.turn();
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  it('refuses a slice size that is not a positive integer', () => {
    assert.throws(() => new AckPacer(0), RangeError);
    assert.throws(() => new AckPacer(1.5), RangeError);
  });
});
