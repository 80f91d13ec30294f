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
