import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage, MAX_PAYLOAD_BYTES } from './decode.js';
import { ErrorCodes } from './errors.js';
import { createIdFactory } from './ids.js';

const nextId = createIdFactory();
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const state = {
  store: 's1',
  room: '101',
  roomName: '101 豪华包',
  agentVersion: '0.1.0',
  startedAt: 1,
  at: 2,
  sensors: { doorOpen: false, motion: true, callActive: false },
  outboxPending: 0,
};
const event = (over: Record<string, unknown> = {}) => ({
  id: nextId(),
  type: 'sensor.changed',
  room: '101',
  seq: 1,
  at: 5,
  data: { sensor: 'door', value: true },
  ...over,
});

describe('decodeMessage accepts', () => {
  it('a room state, ignoring fields it does not know', () => {
    const r = decodeMessage('ktv/v1/s1/rooms/101/state', enc({ ...state, lights: { scene: 'party' } }));
    assert.ok(r.ok);
    assert.equal(r.value.topic.kind === 'room' && r.value.topic.channel, 'state');
  });
  it('online flags', () => {
    for (const flag of [true, false]) {
      const r = decodeMessage('ktv/v1/s1/rooms/101/online', enc(flag));
      assert.ok(r.ok);
      assert.equal(r.value.value, flag);
    }
  });
  it('every event type', () => {
    const events = [
      event(),
      event({ type: 'agent.started', data: { version: '1.2.3' } }),
      event({ type: 'service.called', data: {} }),
      event({ type: 'service.cancelled', data: {} }),
      event({ type: 'service.acknowledged', data: { by: 'admin' } }),
      event({ type: 'queue.changed', data: { op: 'add', entryId: 'e1', songId: 's1', upcoming: 3 } }),
      event({ type: 'queue.changed', data: { op: 'clear', upcoming: 0 } }),
      event({
        type: 'song.started',
        data: { entryId: 'e1', songId: 's1', title: '月光小夜曲', artist: '演示歌手', vocalMode: 'vocalsOff' },
      }),
      event({ type: 'song.ended', data: { entryId: 'e1', songId: 's1', reason: 'skip', playedMs: 12_345 } }),
    ];
    for (const e of events) {
      const r = decodeMessage('ktv/v1/s1/rooms/101/events', enc(e));
      assert.ok(r.ok, JSON.stringify(r));
    }
  });
  it('a session update, and its clearing', () => {
    const session = {
      sessionId: 'S1',
      openedAt: 1,
      plannedEndAt: null,
      billSoFarFen: 12_800,
      roomFeeFen: 9_800,
      ordersFen: 3_000,
      packageName: null,
      at: 2,
    };
    for (const s of [session, null]) {
      const cmd = { id: nextId(), type: 'session.update', room: '101', at: 1, data: { session: s } };
      assert.ok(decodeMessage('ktv/v1/s1/rooms/101/cmd', enc(cmd)).ok);
    }
    const bad = {
      id: nextId(),
      type: 'session.update',
      room: '101',
      at: 1,
      data: { session: { ...session, billSoFarFen: 1.5 } },
    };
    assert.equal(decodeMessage('ktv/v1/s1/rooms/101/cmd', enc(bad)).ok, false);
  });
  it('a catalog announcement', () => {
    const sha = 'a'.repeat(64);
    const ann = {
      version: 3,
      songs: 300_000,
      snapshot: { path: '/library/catalog/3.json.gz', sha256: sha, bytes: 1000 },
      deltas: [{ from: 2, path: '/library/catalog/2-3.json.gz', sha256: sha, bytes: 10 }],
      at: 1,
    };
    assert.ok(decodeMessage('ktv/v1/s1/store/catalog', enc(ann)).ok);
    assert.equal(decodeMessage('ktv/v1/s1/store/catalog', enc({ ...ann, version: 0 })).ok, false);
  });
  it('a command', () => {
    const cmd = { id: nextId(), type: 'service.acknowledge', room: '101', at: 1, data: { by: 'admin' } };
    assert.ok(decodeMessage('ktv/v1/s1/rooms/101/cmd', enc(cmd)).ok);
  });
});

describe('decodeMessage refuses with a code and a reason', () => {
  const cases: Array<[string, string, Uint8Array, string, RegExp]> = [
    ['unknown topic', 'ktv/v1/s1/rooms/101/nope', enc(true), ErrorCodes.TOPIC, /not part of ktv\/v1/],
    ['not JSON', 'ktv/v1/s1/rooms/101/online', enc('{'), ErrorCodes.JSON, /not JSON/],
    ['not UTF-8', 'ktv/v1/s1/rooms/101/online', new Uint8Array([0xff, 0xfe, 0x22]), ErrorCodes.JSON, /UTF-8/],
    ['empty retained clear', 'ktv/v1/s1/rooms/101/online', new Uint8Array(), ErrorCodes.JSON, /not JSON/],
    ['too large', 'ktv/v1/s1/rooms/101/state', new Uint8Array(MAX_PAYLOAD_BYTES + 1), ErrorCodes.TOO_LARGE, /limit/],
    [
      'state of another room',
      'ktv/v1/s1/rooms/102/state',
      enc(state),
      ErrorCodes.ROOM_MISMATCH,
      /s1\/101 but was published for s1\/102/,
    ],
    [
      'state with a wrong field type',
      'ktv/v1/s1/rooms/101/state',
      enc({ ...state, sensors: { ...state.sensors, doorOpen: 'yes' } }),
      ErrorCodes.SCHEMA,
      /\/sensors\/doorOpen must be boolean/,
    ],
    ['unknown event type', 'ktv/v1/s1/rooms/101/events', enc(event({ type: 'x.y' })), ErrorCodes.SCHEMA, /not a known/],
    [
      'event data invalid',
      'ktv/v1/s1/rooms/101/events',
      enc(event({ data: { sensor: 'window', value: true } })),
      ErrorCodes.SCHEMA,
      /\/data\/sensor/,
    ],
    [
      'queue op unknown',
      'ktv/v1/s1/rooms/101/events',
      enc(event({ type: 'queue.changed', data: { op: 'shuffle', upcoming: 1 } })),
      ErrorCodes.SCHEMA,
      /\/data\/op/,
    ],
    [
      'song ended for a reason not in the list',
      'ktv/v1/s1/rooms/101/events',
      enc(event({ type: 'song.ended', data: { entryId: 'e1', songId: 's1', reason: 'bored', playedMs: 1 } })),
      ErrorCodes.SCHEMA,
      /\/data\/reason/,
    ],
    ['event without id', 'ktv/v1/s1/rooms/101/events', enc(event({ id: 'nope' })), ErrorCodes.SCHEMA, /\/id/],
    ['event seq 0', 'ktv/v1/s1/rooms/101/events', enc(event({ seq: 0 })), ErrorCodes.SCHEMA, /\/seq must be >= 1/],
    ['event of another room', 'ktv/v1/s1/rooms/102/events', enc(event()), ErrorCodes.ROOM_MISMATCH, /names room "101"/],
    ['command not an object', 'ktv/v1/s1/rooms/101/cmd', enc([1]), ErrorCodes.SCHEMA, /string "type"/],
  ];
  for (const [name, topic, payload, code, reason] of cases) {
    it(name, () => {
      const r = decodeMessage(topic, payload);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.code, code);
      assert.match(r.reason, reason);
    });
  }
});
