import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRoomCommand, decodeRoomEvent } from '../decode.js';
import { createIdFactory } from '../ids.js';
import { defaultSceneSettings } from './scenes.js';

const ids = createIdFactory();

describe('room power messages (issue #9)', () => {
  it('scenes.update with the default scenes decodes; a level above 255 does not', () => {
    const command = {
      id: ids(1),
      type: 'scenes.update',
      room: '101',
      at: 1,
      data: { settings: defaultSceneSettings(1) },
    };
    assert.equal(decodeRoomCommand(command, '101').ok, true);
    const bad = structuredClone(command);
    bad.data.settings.scenes.bright.levels.main = 256;
    const r = decodeRoomCommand(bad, '101');
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.code, 'KTV_E_SCHEMA');
  });

  it('scenes.update: the welcome time is optional, 0..600 s', () => {
    const withTime = (welcomeSeconds: number | undefined) => ({
      id: ids(2),
      type: 'scenes.update',
      room: '101',
      at: 1,
      data: { settings: { ...defaultSceneSettings(1), ...(welcomeSeconds === undefined ? {} : { welcomeSeconds }) } },
    });
    for (const ok of [undefined, 0, 15, 600]) assert.equal(decodeRoomCommand(withTime(ok), '101').ok, true, `${ok}`);
    for (const bad of [-1, 601, 1.5]) assert.equal(decodeRoomCommand(withTime(bad), '101').ok, false, `${bad}`);
  });

  it('room.status takes the five room states only', () => {
    for (const status of ['idle', 'booked', 'inUse', 'cleaning', 'maintenance']) {
      assert.equal(
        decodeRoomCommand({ id: ids(2), type: 'room.status', room: '101', at: 2, data: { status } }).ok,
        true,
      );
    }
    assert.equal(
      decodeRoomCommand({ id: ids(2), type: 'room.status', room: '101', at: 2, data: { status: 'open' } }).ok,
      false,
    );
  });

  it('power.changed: a known scene and every field', () => {
    const event = {
      id: ids(3),
      type: 'power.changed',
      room: '101',
      seq: 4,
      at: 3,
      data: { on: true, tv: true, amp: true, scene: 'party', inUse: true, reason: 'sceneRequested' },
    };
    assert.equal(decodeRoomEvent(event, '101').ok, true);
    assert.equal(decodeRoomEvent({ ...event, data: { ...event.data, scene: 'disco' } }, '101').ok, false);
    const { inUse: _, ...missing } = event.data;
    assert.equal(decodeRoomEvent({ ...event, data: missing }, '101').ok, false);
  });
});
