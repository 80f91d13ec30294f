import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkQueueOp, isQueueOp } from './check-op.js';

const good: unknown[] = [
  { type: 'add', entry: { entryId: 'a', songId: 's', addedAt: 1 } },
  { type: 'addFirst', entry: { entryId: 'a', songId: 's', addedAt: 1, title: 't', artist: 'r', addedBy: 'p' } },
  { type: 'remove', entryId: 'a' },
  { type: 'move', entryId: 'a', toIndex: 3 },
  { type: 'moveToFront', entryId: 'a' },
  { type: 'skip' },
  { type: 'skip', entryId: 'a' },
  { type: 'replay' },
  { type: 'clear' },
  { type: 'songEnded', entryId: 'a' },
  { type: 'setPosition', entryId: 'a', positionMs: 0 },
];
const bad: unknown[] = [
  undefined,
  'skip',
  [],
  { type: 'add', entry: null },
  { type: 'add', entry: { entryId: 'a', songId: 's' } },
  { type: 'add', entry: { entryId: 'x'.repeat(129), songId: 's', addedAt: 1 } },
  { type: 'move', entryId: 'a' },
  { type: 'skip', entryId: '' },
  { type: 'setPosition', entryId: 'a', positionMs: Number.NaN },
  { type: 'setPosition', entryId: 'a', positionMs: Number.POSITIVE_INFINITY },
  { type: 'pause' },
];

describe('checkQueueOp', () => {
  for (const op of good) {
    it(`accepts ${JSON.stringify(op)}`, () => {
      assert.equal(checkQueueOp(op), null);
      assert.ok(isQueueOp(op));
    });
  }
  for (const op of bad) {
    it(`refuses ${String(JSON.stringify(op)).slice(0, 60)}`, () => {
      assert.equal(checkQueueOp(op)?.code, 'KTV_E_QUEUE_OP');
      assert.ok(!isQueueOp(op));
    });
  }
});
