import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyQueueOp } from '../queue/apply-op.js';
import type { QueueEntry, QueueOp, QueueState } from '../queue/types.js';
import { planAfterOp } from './plan.js';

const e = (id: string): QueueEntry => ({ entryId: id, songId: `s-${id}`, title: `T${id}`, addedAt: 1 });
const q = (current: string | null, ...upcoming: string[]): QueueState => ({
  current: current === null ? null : e(current),
  positionMs: 0,
  upcoming: upcoming.map(e),
});

const cases: {
  name: string;
  before: QueueState;
  op: QueueOp;
  endReason?: 'eof' | 'error';
  action: string;
  events: string[];
}[] = [
  {
    name: 'add to empty starts it',
    before: q(null),
    op: { type: 'add', entry: e('a') },
    action: 'load a',
    events: ['queue.changed add a 0', 'song.started a'],
  },
  {
    name: 'add behind a song',
    before: q('a'),
    op: { type: 'add', entry: e('b') },
    action: 'none',
    events: ['queue.changed add b 1'],
  },
  {
    name: 'addFirst behind a song',
    before: q('a', 'b'),
    op: { type: 'addFirst', entry: e('c') },
    action: 'none',
    events: ['queue.changed addFirst c 2'],
  },
  {
    name: 'skip to next',
    before: q('a', 'b'),
    op: { type: 'skip' },
    action: 'load b',
    events: ['queue.changed skip a 0', 'song.ended a skip 1234', 'song.started b'],
  },
  {
    name: 'skip the last: 公播',
    before: q('a'),
    op: { type: 'skip' },
    action: 'background',
    events: ['queue.changed skip a 0', 'song.ended a skip 1234'],
  },
  {
    name: 'end of file',
    before: q('a', 'b'),
    op: { type: 'songEnded', entryId: 'a' },
    action: 'load b',
    events: ['queue.changed songEnded a 0', 'song.ended a eof 1234', 'song.started b'],
  },
  {
    name: 'failed song',
    before: q('a'),
    op: { type: 'songEnded', entryId: 'a' },
    endReason: 'error',
    action: 'background',
    events: ['queue.changed songEnded a 0', 'song.ended a error 1234'],
  },
  {
    name: 'replay',
    before: q('a', 'b'),
    op: { type: 'replay' },
    action: 'restart a',
    events: ['queue.changed replay a 1', 'song.ended a replay 1234', 'song.started a'],
  },
  {
    name: 'remove',
    before: q('a', 'b', 'c'),
    op: { type: 'remove', entryId: 'c' },
    action: 'none',
    events: ['queue.changed remove c 1'],
  },
  {
    name: 'move',
    before: q('a', 'b', 'c'),
    op: { type: 'move', entryId: 'c', toIndex: 0 },
    action: 'none',
    events: ['queue.changed move c 2 to 0'],
  },
  {
    name: 'to front',
    before: q('a', 'b', 'c'),
    op: { type: 'moveToFront', entryId: 'c' },
    action: 'none',
    events: ['queue.changed moveToFront c 2'],
  },
  { name: 'clear', before: q('a', 'b'), op: { type: 'clear' }, action: 'none', events: ['queue.changed clear - 0'] },
  {
    name: 'position: no event',
    before: q('a'),
    op: { type: 'setPosition', entryId: 'a', positionMs: 5 },
    action: 'none',
    events: [],
  },
];

describe('planAfterOp', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = applyQueueOp(c.before, c.op);
      assert.ok(r.changed, JSON.stringify(r.error));
      const plan = planAfterOp({
        op: c.op,
        before: c.before,
        after: r.state,
        playedMs: 1234.4,
        ...(c.endReason ? { endReason: c.endReason } : {}),
        vocalModeOf: () => 'vocalsOff',
      });
      const a = plan.action;
      assert.equal(a.kind === 'load' || a.kind === 'restart' ? `${a.kind} ${a.entry.entryId}` : a.kind, c.action);
      const shown = plan.events.map((ev) => {
        switch (ev.type) {
          case 'queue.changed': {
            const d = ev.data;
            return `queue.changed ${d.op} ${d.entryId ?? '-'} ${d.upcoming}${d.toIndex !== undefined ? ` to ${d.toIndex}` : ''}`;
          }
          case 'song.ended':
            return `song.ended ${ev.data.entryId} ${ev.data.reason} ${ev.data.playedMs}`;
          case 'song.started':
            assert.equal(ev.data.vocalMode, 'vocalsOff');
            assert.equal(ev.data.songId, `s-${ev.data.entryId}`);
            return `song.started ${ev.data.entryId}`;
          default:
            return ev.type;
        }
      });
      assert.deepEqual(shown, c.events);
    });
  }
});
