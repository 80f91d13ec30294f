import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomState } from '@ktv/protocol';
import { LAST_SEEN_REPORT_MS, RoomRegistry } from './room-registry.js';
import type { RoomView } from './room-view.js';

function registry() {
  const rooms = new RoomRegistry(() => 0);
  rooms.syncDevices([
    { deviceId: 'room-101', kind: 'room', room: '101', roomName: '101 小包', passwordHash: 'unused', createdAt: 0 },
  ]);
  const told: RoomView[] = [];
  rooms.onChange((v) => told.push(v));
  return { rooms, told };
}

const state: RoomState = {
  store: 's1',
  room: '101',
  roomName: '101 小包',
  agentVersion: '0.1.0-test',
  startedAt: 1,
  at: 2,
  sensors: { doorOpen: false, motion: false, callActive: false },
  outboxPending: 0,
};

describe('RoomRegistry: events as signs of life', () => {
  const cases: { name: string; touches: number[]; told: number[] }[] = [
    { name: 'the first event is told', touches: [5], told: [5] },
    {
      name: 'events within a second of the last told one only move lastSeen',
      touches: [0, 300, LAST_SEEN_REPORT_MS - 1, LAST_SEEN_REPORT_MS, 1500, 2100],
      told: [0, LAST_SEEN_REPORT_MS, 2100],
    },
    { name: 'events far apart are each told', touches: [0, 5000, 10_000], told: [0, 5000, 10_000] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { rooms, told } = registry();
      for (const at of c.touches) rooms.touch('101', at);
      assert.deepEqual(
        told.map((v) => v.lastSeen),
        c.told,
      );
      assert.equal(rooms.view('101')?.lastSeen, c.touches.at(-1), 'the view always has the last event');
    });
  }

  it('state and online are always told, and restart the second', () => {
    const { rooms, told } = registry();
    rooms.touch('101', 0);
    rooms.applyState('101', state, 100);
    rooms.applyOnline('101', true, 200);
    rooms.touch('101', 700); // within a second of the online change: not told
    rooms.touch('101', 1200);
    assert.deepEqual(
      told.map((v) => v.lastSeen),
      [0, 100, 200, 1200],
    );
  });
});
