import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomEventInput, SensorState } from '@ktv/protocol';
import { INITIAL_SENSORS, type RoomInput, stepRoom } from './room-logic.js';

const s = (patch: Partial<SensorState> = {}): SensorState => ({ ...INITIAL_SENSORS, ...patch });

const cases: { name: string; from: SensorState; input: RoomInput; to: SensorState; events: RoomEventInput[] }[] = [
  {
    name: 'door opens',
    from: s(),
    input: { kind: 'line', line: 'door', level: true },
    to: s({ doorOpen: true }),
    events: [{ type: 'sensor.changed', data: { sensor: 'door', value: true } }],
  },
  {
    name: 'door closes',
    from: s({ doorOpen: true }),
    input: { kind: 'line', line: 'door', level: false },
    to: s(),
    events: [{ type: 'sensor.changed', data: { sensor: 'door', value: false } }],
  },
  {
    name: 'door already open',
    from: s({ doorOpen: true }),
    input: { kind: 'line', line: 'door', level: true },
    to: s({ doorOpen: true }),
    events: [],
  },
  {
    name: 'motion starts',
    from: s(),
    input: { kind: 'line', line: 'motion', level: true },
    to: s({ motion: true }),
    events: [{ type: 'sensor.changed', data: { sensor: 'motion', value: true } }],
  },
  {
    name: 'motion ends',
    from: s({ motion: true }),
    input: { kind: 'line', line: 'motion', level: false },
    to: s(),
    events: [{ type: 'sensor.changed', data: { sensor: 'motion', value: false } }],
  },
  {
    name: 'call button press calls',
    from: s(),
    input: { kind: 'line', line: 'callButton', level: true },
    to: s({ callActive: true }),
    events: [{ type: 'service.called', data: {} }],
  },
  {
    name: 'call button press again cancels',
    from: s({ callActive: true }),
    input: { kind: 'line', line: 'callButton', level: true },
    to: s(),
    events: [{ type: 'service.cancelled', data: {} }],
  },
  {
    name: 'call button release does nothing',
    from: s({ callActive: true }),
    input: { kind: 'line', line: 'callButton', level: false },
    to: s({ callActive: true }),
    events: [],
  },
  {
    name: 'screen button calls',
    from: s(),
    input: { kind: 'screenCall' },
    to: s({ callActive: true }),
    events: [{ type: 'service.called', data: {} }],
  },
  {
    name: 'screen button cancels',
    from: s({ callActive: true, doorOpen: true }),
    input: { kind: 'screenCall' },
    to: s({ doorOpen: true }),
    events: [{ type: 'service.cancelled', data: {} }],
  },
  {
    name: 'staff acknowledge clears the call',
    from: s({ callActive: true }),
    input: { kind: 'acknowledge', by: 'admin' },
    to: s(),
    events: [{ type: 'service.acknowledged', data: { by: 'admin' } }],
  },
  {
    name: 'acknowledge without a call is ignored',
    from: s(),
    input: { kind: 'acknowledge', by: 'admin' },
    to: s(),
    events: [],
  },
];

describe('stepRoom', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = structuredClone(c.from);
      const r = stepRoom(c.from, c.input);
      assert.deepEqual(r.sensors, c.to);
      assert.deepEqual(r.events, c.events);
      assert.deepEqual(c.from, before, 'input state not mutated');
    });
  }
});
