import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyQueueOp } from './apply-op.js';
import { replayQueue } from './replay-queue.js';
import { emptyQueue, type QueueOp, type QueueOptions, type QueueState } from './types.js';

/** mulberry32: a small seeded PRNG, so a failing sequence can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPTIONS: QueueOptions = { maxUpcoming: 6 };

/** A random op over a small set of ids, so duplicates, stale ids and a full queue all happen. */
function randomOp(rand: () => number, state: QueueState, serial: number): QueueOp {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const known = [state.current?.entryId, ...state.upcoming.map((x) => x.entryId)].filter((x) => x !== undefined);
  const anyId = () => (known.length > 0 && rand() < 0.8 ? pick(known) : `e${Math.floor(rand() * 30)}`);
  const entry = () => ({
    entryId: rand() < 0.9 ? `n${serial}` : anyId(),
    songId: `s${Math.floor(rand() * 5)}`,
    addedAt: serial,
    ...(rand() < 0.5 ? { title: '月亮代表我的心' } : {}),
  });
  switch (
    pick([
      'add',
      'add',
      'addFirst',
      'remove',
      'move',
      'moveToFront',
      'skip',
      'replay',
      'clear',
      'songEnded',
      'setPosition',
    ] as const)
  ) {
    case 'add':
      return { type: 'add', entry: entry() };
    case 'addFirst':
      return { type: 'addFirst', entry: entry() };
    case 'remove':
      return { type: 'remove', entryId: anyId() };
    case 'move':
      return { type: 'move', entryId: anyId(), toIndex: Math.floor(rand() * 9) - 1 };
    case 'moveToFront':
      return { type: 'moveToFront', entryId: anyId() };
    case 'skip':
      return rand() < 0.5 ? { type: 'skip' } : { type: 'skip', entryId: anyId() };
    case 'replay':
      return rand() < 0.5 ? { type: 'replay' } : { type: 'replay', entryId: anyId() };
    case 'clear': // seldom, so that the queue fills up now and then
      return rand() < 0.2 ? { type: 'clear' } : { type: 'skip' };
    case 'songEnded':
      return { type: 'songEnded', entryId: anyId() };
    case 'setPosition':
      return { type: 'setPosition', entryId: anyId(), positionMs: Math.floor(rand() * 300_000) };
  }
}

function checkInvariants(s: QueueState, where: string): void {
  const ids = [s.current?.entryId, ...s.upcoming.map((x) => x.entryId)].filter((x) => x !== undefined);
  assert.equal(new Set(ids).size, ids.length, `${where}: entry ids are unique`);
  assert.ok(s.upcoming.length <= OPTIONS.maxUpcoming, `${where}: within the limit`);
  if (s.current === null) assert.deepEqual([s.positionMs, s.upcoming.length], [0, 0], `${where}: idle means empty`);
  assert.ok(Number.isInteger(s.positionMs) && s.positionMs >= 0, `${where}: position`);
}

describe('replayQueue', () => {
  it('of no ops is the empty queue', () => {
    assert.deepEqual(replayQueue([]), emptyQueue());
  });

  it('equals applying the ops one by one, over 300 seeded random sequences', () => {
    let refused = 0;
    let total = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const ops: QueueOp[] = [];
      const accepted: QueueOp[] = [];
      const states: QueueState[] = [emptyQueue()];
      let state = emptyQueue();
      const length = 1 + Math.floor(rand() * 80);
      for (let i = 0; i < length; i++) {
        const op = randomOp(rand, state, i);
        const before = JSON.stringify(Object.freeze(state));
        const r = applyQueueOp(state, op, OPTIONS);
        assert.equal(JSON.stringify(state), before, `seed ${seed} op ${i}: input untouched`);
        if (r.error !== undefined) refused++;
        if (r.changed) accepted.push(op);
        else assert.equal(r.state, state, `seed ${seed} op ${i}: unchanged means the same state`);
        ops.push(op);
        state = r.state;
        states.push(state);
        checkInvariants(state, `seed ${seed} op ${i} ${JSON.stringify(op)}`);
      }
      total += ops.length;
      assert.deepEqual(replayQueue(ops, OPTIONS), state, `seed ${seed}: replay of every op`);
      assert.deepEqual(replayQueue(accepted, OPTIONS), state, `seed ${seed}: replay of the journaled (changed) ops`);
      const journal = ops.map((op) => JSON.stringify(op)).join('\n');
      const fromDisk = journal.split('\n').map((line) => JSON.parse(line) as QueueOp);
      assert.deepEqual(replayQueue(fromDisk, OPTIONS), state, `seed ${seed}: replay of the JSON journal`);
      const cut = Math.floor(rand() * (ops.length + 1));
      assert.deepEqual(
        replayQueue(ops.slice(0, cut), OPTIONS),
        states[cut],
        `seed ${seed}: replay of a prefix (power cut)`,
      );
    }
    // The generator must exercise the refusals too, or the property says little.
    assert.ok(refused > total * 0.1 && refused < total * 0.9, `refused ${refused} of ${total}`);
  });

  it('continues from a given state', () => {
    const start = replayQueue([{ type: 'add', entry: { entryId: 'a', songId: 's', addedAt: 0 } }]);
    const next = replayQueue([{ type: 'setPosition', entryId: 'a', positionMs: 42 }], undefined, start);
    assert.equal(next.positionMs, 42);
    assert.equal(start.positionMs, 0);
  });
});
