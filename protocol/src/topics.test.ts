import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRoomsTopic, isValidId, parseTopic, roomTopic, storeBroadcastFilter, storeTopic } from './topics.js';

describe('topic builders', () => {
  const cases: Array<[string, string]> = [
    [roomTopic('s1', '101', 'state'), 'ktv/v1/s1/rooms/101/state'],
    [roomTopic('s1', '101', 'online'), 'ktv/v1/s1/rooms/101/online'],
    [roomTopic('s1', 'A-2', 'events'), 'ktv/v1/s1/rooms/A-2/events'],
    [roomTopic('s1', '101', 'cmd'), 'ktv/v1/s1/rooms/101/cmd'],
    [storeTopic('s1', 'gateway'), 'ktv/v1/s1/store/gateway'],
    [allRoomsTopic('s1', 'state'), 'ktv/v1/s1/rooms/+/state'],
    [storeBroadcastFilter('s1'), 'ktv/v1/s1/store/#'],
  ];
  for (const [built, expected] of cases) it(expected, () => assert.equal(built, expected));

  it('refuses ids that would break a topic', () => {
    for (const bad of ['', '+', '#', 'a/b', '../x', ' 101', '房间', 'x'.repeat(65)]) {
      assert.throws(() => roomTopic('s1', bad, 'state'), /room id/, bad);
      assert.equal(isValidId(bad), false, bad);
    }
  });
});

describe('parseTopic', () => {
  const cases: Array<[string, ReturnType<typeof parseTopic>]> = [
    ['ktv/v1/s1/rooms/101/state', { kind: 'room', store: 's1', room: '101', channel: 'state' }],
    ['ktv/v1/s1/rooms/101/events', { kind: 'room', store: 's1', room: '101', channel: 'events' }],
    ['ktv/v1/s1/store/gateway', { kind: 'store', store: 's1', channel: 'gateway' }],
    ['ktv/v1/s1/rooms/101/unknown', undefined],
    ['ktv/v1/s1/rooms/101', undefined],
    ['ktv/v1/s1/rooms/101/state/extra', undefined],
    ['ktv/v2/s1/rooms/101/state', undefined],
    ['ktv/v1/s1/rooms/+/state', undefined],
    ['ktv/v1/s 1/rooms/101/state', undefined],
    ['other/v1/s1/rooms/101/state', undefined],
    ['', undefined],
  ];
  for (const [topic, expected] of cases) {
    it(JSON.stringify(topic), () => assert.deepEqual(parseTopic(topic), expected));
  }
});

describe('parseTopic remembers what it parsed', () => {
  it('the same topic again gives the same frozen result; others are not confused with it', () => {
    const a = parseTopic('ktv/v1/s1/rooms/201/state');
    assert.equal(parseTopic('ktv/v1/s1/rooms/201/state'), a);
    assert.ok(Object.isFrozen(a));
    assert.deepEqual(parseTopic('ktv/v1/s1/rooms/202/state'), {
      kind: 'room',
      store: 's1',
      room: '202',
      channel: 'state',
    });
    assert.equal(parseTopic('ktv/v1/s1/rooms/201/nope'), undefined);
    assert.equal(parseTopic('ktv/v1/s1/rooms/201/nope'), undefined);
  });

  it('stays right past the number it keeps', () => {
    for (let i = 0; i < 5000; i++) {
      assert.deepEqual(parseTopic(`ktv/v1/s1/rooms/r${i}/events`), {
        kind: 'room',
        store: 's1',
        room: `r${i}`,
        channel: 'events',
      });
    }
    assert.deepEqual(parseTopic('ktv/v1/s1/rooms/r1/events'), {
      kind: 'room',
      store: 's1',
      room: 'r1',
      channel: 'events',
    });
  });
});
