import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyQueueOp } from './apply-op.js';
import type { QueueEntry, QueueErrorCode, QueueOp, QueueState } from './types.js';

/** An entry for song `songId` (default: the entry id's song), picked at time 1. */
const e = (entryId: string, songId = `song-${entryId}`): QueueEntry => ({ entryId, songId, addedAt: 1 });
const q = (current: string | null, upcoming: (string | QueueEntry)[] = [], positionMs = 0): QueueState => ({
  current: current === null ? null : e(current),
  positionMs,
  upcoming: upcoming.map((x) => (typeof x === 'string' ? e(x) : x)),
});

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

type Case = { name: string; from: QueueState; op: unknown; max?: number } & (
  | { to: QueueState; changed: boolean }
  | { error: QueueErrorCode }
);

const cases: Case[] = [
  // add (点歌)
  {
    name: 'add to an idle room starts it at once',
    from: q(null),
    op: { type: 'add', entry: e('a') },
    to: q('a'),
    changed: true,
  },
  {
    name: 'add appends',
    from: q('a', ['b']),
    op: { type: 'add', entry: e('c') },
    to: q('a', ['b', 'c']),
    changed: true,
  },
  {
    name: 'add the same song again as another entry',
    from: q('a', ['b']),
    op: { type: 'add', entry: e('b2', 'song-b') },
    to: q('a', ['b', e('b2', 'song-b')]),
    changed: true,
  },
  {
    name: 'add keeps position of the playing song',
    from: q('a', [], 5000),
    op: { type: 'add', entry: e('b') },
    to: q('a', ['b'], 5000),
    changed: true,
  },
  {
    name: 'add an entryId already upcoming',
    from: q('a', ['b']),
    op: { type: 'add', entry: e('b') },
    error: 'KTV_E_QUEUE_ENTRY_DUPLICATE',
  },
  {
    name: 'add the entryId playing',
    from: q('a'),
    op: { type: 'add', entry: e('a') },
    error: 'KTV_E_QUEUE_ENTRY_DUPLICATE',
  },
  {
    name: 'add to a full queue',
    from: q('a', ['b', 'c']),
    op: { type: 'add', entry: e('d') },
    max: 2,
    error: 'KTV_E_QUEUE_FULL',
  },
  {
    name: 'add keeps only the known fields of an entry',
    from: q(null),
    op: { type: 'add', entry: { ...e('a'), title: '月亮代表我的心', artist: '邓丽君', addedBy: 'phone-1', extra: 1 } },
    to: {
      current: { ...e('a'), title: '月亮代表我的心', artist: '邓丽君', addedBy: 'phone-1' },
      positionMs: 0,
      upcoming: [],
    },
    changed: true,
  },
  // addFirst (优先 when picking)
  {
    name: 'addFirst to an idle room starts it',
    from: q(null),
    op: { type: 'addFirst', entry: e('a') },
    to: q('a'),
    changed: true,
  },
  {
    name: 'addFirst goes before upcoming, not before the playing song',
    from: q('a', ['b', 'c']),
    op: { type: 'addFirst', entry: e('d') },
    to: q('a', ['d', 'b', 'c']),
    changed: true,
  },
  {
    name: 'addFirst to a full queue',
    from: q('a', ['b']),
    op: { type: 'addFirst', entry: e('c') },
    max: 1,
    error: 'KTV_E_QUEUE_FULL',
  },
  // remove (删除)
  {
    name: 'remove an upcoming entry',
    from: q('a', ['b', 'c']),
    op: { type: 'remove', entryId: 'b' },
    to: q('a', ['c']),
    changed: true,
  },
  {
    name: 'remove one of two picks of the same song',
    from: q('a', [e('b1', 'x'), 'c', e('b2', 'x')]),
    op: { type: 'remove', entryId: 'b2' },
    to: q('a', [e('b1', 'x'), 'c']),
    changed: true,
  },
  {
    name: 'remove the playing entry is refused (skip it)',
    from: q('a', ['b']),
    op: { type: 'remove', entryId: 'a' },
    error: 'KTV_E_QUEUE_ENTRY_PLAYING',
  },
  {
    name: 'remove an unknown entry',
    from: q('a', ['b']),
    op: { type: 'remove', entryId: 'z' },
    error: 'KTV_E_QUEUE_ENTRY_UNKNOWN',
  },
  {
    name: 'remove from an idle room',
    from: q(null),
    op: { type: 'remove', entryId: 'a' },
    error: 'KTV_E_QUEUE_ENTRY_UNKNOWN',
  },
  // move
  {
    name: 'move down',
    from: q('a', ['b', 'c', 'd']),
    op: { type: 'move', entryId: 'b', toIndex: 2 },
    to: q('a', ['c', 'd', 'b']),
    changed: true,
  },
  {
    name: 'move up',
    from: q('a', ['b', 'c', 'd']),
    op: { type: 'move', entryId: 'd', toIndex: 1 },
    to: q('a', ['b', 'd', 'c']),
    changed: true,
  },
  {
    name: 'move to the same index',
    from: q('a', ['b', 'c']),
    op: { type: 'move', entryId: 'c', toIndex: 1 },
    to: q('a', ['b', 'c']),
    changed: false,
  },
  {
    name: 'move past the end',
    from: q('a', ['b', 'c']),
    op: { type: 'move', entryId: 'b', toIndex: 2 },
    error: 'KTV_E_QUEUE_INDEX',
  },
  {
    name: 'move to a negative index',
    from: q('a', ['b', 'c']),
    op: { type: 'move', entryId: 'b', toIndex: -1 },
    error: 'KTV_E_QUEUE_INDEX',
  },
  {
    name: 'move to a fractional index',
    from: q('a', ['b', 'c']),
    op: { type: 'move', entryId: 'b', toIndex: 0.5 },
    error: 'KTV_E_QUEUE_OP',
  },
  {
    name: 'move an unknown entry',
    from: q('a', ['b']),
    op: { type: 'move', entryId: 'z', toIndex: 0 },
    error: 'KTV_E_QUEUE_ENTRY_UNKNOWN',
  },
  {
    name: 'move the playing entry',
    from: q('a', ['b']),
    op: { type: 'move', entryId: 'a', toIndex: 0 },
    error: 'KTV_E_QUEUE_ENTRY_PLAYING',
  },
  // moveToFront (优先/置顶)
  {
    name: 'moveToFront',
    from: q('a', ['b', 'c', 'd']),
    op: { type: 'moveToFront', entryId: 'd' },
    to: q('a', ['d', 'b', 'c']),
    changed: true,
  },
  {
    name: 'moveToFront of the first',
    from: q('a', ['b', 'c']),
    op: { type: 'moveToFront', entryId: 'b' },
    to: q('a', ['b', 'c']),
    changed: false,
  },
  {
    name: 'moveToFront of the playing entry',
    from: q('a', ['b']),
    op: { type: 'moveToFront', entryId: 'a' },
    error: 'KTV_E_QUEUE_ENTRY_PLAYING',
  },
  {
    name: 'moveToFront of an unknown entry',
    from: q('a', ['b']),
    op: { type: 'moveToFront', entryId: 'z' },
    error: 'KTV_E_QUEUE_ENTRY_UNKNOWN',
  },
  // skip (切歌)
  {
    name: 'skip plays the next from the start',
    from: q('a', ['b', 'c'], 9000),
    op: { type: 'skip' },
    to: q('b', ['c']),
    changed: true,
  },
  {
    name: 'skip the last song leaves the room idle',
    from: q('a', [], 9000),
    op: { type: 'skip' },
    to: q(null),
    changed: true,
  },
  {
    name: 'skip naming the playing entry',
    from: q('a', ['b']),
    op: { type: 'skip', entryId: 'a' },
    to: q('b'),
    changed: true,
  },
  {
    name: 'skip naming an entry no longer playing (double tap)',
    from: q('b'),
    op: { type: 'skip', entryId: 'a' },
    error: 'KTV_E_QUEUE_NOT_CURRENT',
  },
  { name: 'skip with nothing playing', from: q(null), op: { type: 'skip' }, error: 'KTV_E_QUEUE_NOTHING_PLAYING' },
  // songEnded
  {
    name: 'songEnded advances',
    from: q('a', ['b'], 200_000),
    op: { type: 'songEnded', entryId: 'a' },
    to: q('b'),
    changed: true,
  },
  {
    name: 'songEnded of the last song',
    from: q('a'),
    op: { type: 'songEnded', entryId: 'a' },
    to: q(null),
    changed: true,
  },
  {
    name: 'songEnded of a song already skipped',
    from: q('b', ['c']),
    op: { type: 'songEnded', entryId: 'a' },
    error: 'KTV_E_QUEUE_NOT_CURRENT',
  },
  {
    name: 'songEnded with nothing playing',
    from: q(null),
    op: { type: 'songEnded', entryId: 'a' },
    error: 'KTV_E_QUEUE_NOTHING_PLAYING',
  },
  { name: 'songEnded without entryId', from: q('a'), op: { type: 'songEnded' }, error: 'KTV_E_QUEUE_OP' },
  // replay (重唱)
  {
    name: 'replay goes back to 0',
    from: q('a', ['b'], 61_000),
    op: { type: 'replay' },
    to: q('a', ['b']),
    changed: true,
  },
  { name: 'replay at 0 is still a restart', from: q('a'), op: { type: 'replay' }, to: q('a'), changed: true },
  { name: 'replay with nothing playing', from: q(null), op: { type: 'replay' }, error: 'KTV_E_QUEUE_NOTHING_PLAYING' },
  {
    name: 'replay naming another entry',
    from: q('a'),
    op: { type: 'replay', entryId: 'b' },
    error: 'KTV_E_QUEUE_NOT_CURRENT',
  },
  // clear (清空)
  {
    name: 'clear empties upcoming, the song plays on',
    from: q('a', ['b', 'c'], 3000),
    op: { type: 'clear' },
    to: q('a', [], 3000),
    changed: true,
  },
  { name: 'clear with nothing upcoming', from: q('a'), op: { type: 'clear' }, to: q('a'), changed: false },
  { name: 'clear an idle room', from: q(null), op: { type: 'clear' }, to: q(null), changed: false },
  // setPosition
  {
    name: 'setPosition',
    from: q('a'),
    op: { type: 'setPosition', entryId: 'a', positionMs: 12_000 },
    to: q('a', [], 12_000),
    changed: true,
  },
  {
    name: 'setPosition rounds to whole ms',
    from: q('a'),
    op: { type: 'setPosition', entryId: 'a', positionMs: 1234.6 },
    to: q('a', [], 1235),
    changed: true,
  },
  {
    name: 'setPosition to where it is',
    from: q('a', [], 500),
    op: { type: 'setPosition', entryId: 'a', positionMs: 500 },
    to: q('a', [], 500),
    changed: false,
  },
  {
    name: 'setPosition negative',
    from: q('a'),
    op: { type: 'setPosition', entryId: 'a', positionMs: -1 },
    error: 'KTV_E_QUEUE_OP',
  },
  {
    name: 'setPosition not a number',
    from: q('a'),
    op: { type: 'setPosition', entryId: 'a', positionMs: '5' },
    error: 'KTV_E_QUEUE_OP',
  },
  {
    name: 'setPosition of a song no longer playing',
    from: q('b'),
    op: { type: 'setPosition', entryId: 'a', positionMs: 5 },
    error: 'KTV_E_QUEUE_NOT_CURRENT',
  },
  {
    name: 'setPosition with nothing playing',
    from: q(null),
    op: { type: 'setPosition', entryId: 'a', positionMs: 5 },
    error: 'KTV_E_QUEUE_NOTHING_PLAYING',
  },
  // malformed input (from the journal or the network)
  { name: 'unknown op type', from: q('a'), op: { type: 'shuffle' }, error: 'KTV_E_QUEUE_OP' },
  { name: 'null op', from: q('a'), op: null, error: 'KTV_E_QUEUE_OP' },
  { name: 'add without an entry', from: q('a'), op: { type: 'add' }, error: 'KTV_E_QUEUE_OP' },
  {
    name: 'add with an empty entryId',
    from: q('a'),
    op: { type: 'add', entry: { ...e('b'), entryId: '' } },
    error: 'KTV_E_QUEUE_OP',
  },
  {
    name: 'add with a numeric songId',
    from: q('a'),
    op: { type: 'add', entry: { ...e('b'), songId: 7 } },
    error: 'KTV_E_QUEUE_OP',
  },
  {
    name: 'add with a title that is no string',
    from: q('a'),
    op: { type: 'add', entry: { ...e('b'), title: 7 } },
    error: 'KTV_E_QUEUE_OP',
  },
  { name: 'remove without entryId', from: q('a', ['b']), op: { type: 'remove' }, error: 'KTV_E_QUEUE_OP' },
];

describe('applyQueueOp', () => {
  for (const c of cases) {
    it(c.name, () => {
      const from = deepFreeze(structuredClone(c.from));
      const r = applyQueueOp(from, c.op as QueueOp, c.max === undefined ? undefined : { maxUpcoming: c.max });
      if ('error' in c) {
        assert.equal(r.error?.code, c.error, r.error?.message);
        assert.ok((r.error?.message ?? '').length > 0);
        assert.equal(r.changed, false);
        assert.equal(r.state, from, 'a refused op returns the same state');
      } else {
        assert.equal(r.error, undefined, r.error?.message);
        assert.deepEqual(r.state, c.to);
        assert.equal(r.changed, c.changed);
        if (!r.changed) assert.equal(r.state, from, 'a no-op returns the same state');
        assert.deepEqual(JSON.parse(JSON.stringify(r.state)), r.state, 'state is plain JSON');
      }
    });
  }

  it('covers every op type', () => {
    const types = new Set(cases.map((c) => (c.op as { type?: unknown } | null)?.type));
    for (const t of [
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
    ]) {
      assert.ok(types.has(t), t);
    }
  });

  it('allows 200 upcoming entries by default', () => {
    let state = q('a');
    for (let i = 0; i < 200; i++) state = applyQueueOp(state, { type: 'add', entry: e(`x${i}`) }).state;
    assert.equal(state.upcoming.length, 200);
    assert.equal(applyQueueOp(state, { type: 'add', entry: e('one-more') }).error?.code, 'KTV_E_QUEUE_FULL');
  });
});
