import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createIdFactory, type RoomEvent } from '@ktv/protocol';
import { pino } from 'pino';
import type { EnergyReport } from '../energy/hours.js';
import { ROOM_EVENT_RECORD } from '../events/stored-event.js';
import { Journal } from '../journal/index.js';
import { reportCommand } from './report-energy.js';

const H = 3_600_000;
/** 2026-11-23 00:00 in Asia/Shanghai. */
const DAY = Date.UTC(2026, 10, 22, 16);

describe('ktv-gateway report energy', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-energy-'));
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({
        version: 1,
        devices: [
          { deviceId: 'room-101', kind: 'room', room: '101', passwordHash: 'x', createdAt: 0 },
          { deviceId: 'room-102', kind: 'room', room: '102', passwordHash: 'x', createdAt: 0 },
        ],
      }),
    );
    const journal = await Journal.open(join(dir, 'journal'), { logger: pino({ level: 'silent' }) });
    const ids = createIdFactory();
    let seq = 0;
    const event = (at: number, type: 'agent.started' | 'power.changed', on = false, inUse = false): RoomEvent =>
      type === 'agent.started'
        ? { id: ids(at), type, room: '101', seq: ++seq, at, data: { version: '1' } }
        : {
            id: ids(at),
            type,
            room: '101',
            seq: ++seq,
            at,
            data: { on, tv: on, amp: on, scene: on ? 'welcome' : 'off', inUse, reason: 'test' },
          };
    const events = [
      event(DAY + 18 * H, 'agent.started'),
      event(DAY + 18 * H, 'power.changed'),
      event(DAY + 19 * H, 'power.changed', true, true),
      event(DAY + 23 * H, 'power.changed', true, false),
      event(DAY + 25 * H, 'power.changed', false, false),
    ];
    for (const e of events) await journal.append(ROOM_EVENT_RECORD, { ...e, receivedAt: e.at + 5 });
    // Other records of the journal are passed over.
    await journal.append('business.room.changed', { at: DAY, by: 'admin', room: '101', action: 'clean' });
    await journal.close();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await reportCommand(args, {
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      now: () => DAY + 72 * H,
    });
    return { code, out, err };
  };

  it('--json: per room and day in the store time zone, across midnight', async () => {
    const r = await run(['energy', '--from', '2026-11-23', '--to', '2026-11-24', '--data', dir, '--json']);
    assert.equal(r.code, 0, r.err.join('\n'));
    const report = JSON.parse(r.out.join('')) as EnergyReport;
    assert.equal(report.timeZone, 'Asia/Shanghai');
    assert.deepEqual(
      report.rooms.map((x) => [x.room, x.days.map((d) => [d.date, d.onMs / H, d.inUseMs / H])]),
      [
        [
          '101',
          [
            ['2026-11-23', 5, 4],
            ['2026-11-24', 1, 0],
          ],
        ],
        [
          '102',
          [
            ['2026-11-23', 0, 0],
            ['2026-11-24', 0, 0],
          ],
        ],
      ],
    );
  });

  it('the table: hours on, in use and idle, in Chinese by default and in English with --lang en', async () => {
    const zh = await run(['energy', '--from', '2026-11-23', '--to', '2026-11-23', '--data', dir]);
    assert.equal(zh.code, 0);
    assert.match(zh.out[0] ?? '', /能耗报表 2026-11-23 至 2026-11-23/);
    assert.ok(
      zh.out.some((l) => /^101\s+2026-11-23\s+5\.0\s+4\.0\s+1\.0$/.test(l)),
      zh.out.join('\n'),
    );
    const en = await run(['energy', '--from', '2026-11-23', '--to', '2026-11-23', '--data', dir, '--lang', 'en']);
    assert.match(en.out[0] ?? '', /Energy report/);
  });

  it('refuses a reversed or malformed range and a missing report name (exit 2)', async () => {
    const reversed = await run(['energy', '--from', '2026-11-24', '--to', '2026-11-23', '--data', dir]);
    assert.equal(reversed.code, 2);
    assert.match(reversed.err.join('\n'), /日期范围无效/);
    assert.equal((await run(['energy', '--from', '23.11.2026', '--to', '2026-11-23', '--data', dir])).code, 2);
    assert.equal((await run(['power', '--from', '2026-11-23', '--to', '2026-11-23', '--data', dir])).code, 2);
  });
});
