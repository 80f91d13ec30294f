import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowedActions,
  ROOM_ACTIONS,
  ROOM_STATES,
  type RoomAction,
  type RoomState,
  transition,
} from './room-state.js';

/** Every allowed transition, written out; every other (state, action) pair must be refused. */
const allowed: [RoomState, RoomAction, RoomState][] = [
  ['idle', 'book', 'booked'],
  ['booked', 'unbook', 'idle'],
  ['idle', 'open', 'inUse'],
  ['booked', 'open', 'inUse'],
  ['inUse', 'checkout', 'cleaning'],
  ['cleaning', 'clean', 'idle'],
  ['idle', 'maintenanceOn', 'maintenance'],
  ['booked', 'maintenanceOn', 'maintenance'],
  ['cleaning', 'maintenanceOn', 'maintenance'],
  ['maintenance', 'maintenanceOff', 'idle'],
  ['inUse', 'moveOut', 'cleaning'],
  ['idle', 'moveIn', 'inUse'],
  ['booked', 'moveIn', 'inUse'],
];

describe('room state machine', () => {
  for (const [from, action, to] of allowed) {
    it(`${from} --${action}--> ${to}`, () => {
      assert.deepEqual(transition('101', from, action), { ok: true, to });
    });
  }

  const refused: [RoomState, RoomAction][] = [];
  for (const from of ROOM_STATES) {
    for (const action of ROOM_ACTIONS) {
      if (!allowed.some(([f, a]) => f === from && a === action)) refused.push([from, action]);
    }
  }

  it('has 45 (state, action) pairs: 13 allowed, 32 refused', () => {
    assert.equal(ROOM_STATES.length * ROOM_ACTIONS.length, 45);
    assert.equal(refused.length, 32);
  });

  for (const [from, action] of refused) {
    it(`refuses ${action} when ${from}, naming room, state and action`, () => {
      const result = transition('102', from, action);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.message, `room 102 is ${from}: cannot ${action}`);
    });
  }

  it('lists the actions a state accepts', () => {
    assert.deepEqual(allowedActions('idle'), ['book', 'open', 'maintenanceOn', 'moveIn']);
    assert.deepEqual(allowedActions('inUse'), ['checkout', 'moveOut']);
    assert.deepEqual(allowedActions('maintenance'), ['maintenanceOff']);
    assert.deepEqual(allowedActions('cleaning'), ['clean', 'maintenanceOn']);
    assert.deepEqual(allowedActions('booked'), ['unbook', 'open', 'maintenanceOn', 'moveIn']);
  });
});
