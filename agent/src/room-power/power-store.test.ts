import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultSceneSettings } from '@ktv/protocol';
import { ShiftedClock } from '../time/shifted-clock.js';
import { filePowerStore as withWarnings } from './power-store.js';
import { initialPowerState } from './rules.js';

const warnings: string[] = [];
const filePowerStore = (dir: string) => withWarnings(dir, (m) => warnings.push(m));

describe('room power state on disk', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'room-power-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('nothing saved yet: undefined; saved: the same document back', async () => {
    const store = filePowerStore(dir);
    assert.equal(await store.load(), undefined);
    const doc = {
      version: 1 as const,
      state: { ...initialPowerState(5, 30), sessionId: 's1', tv: true, amp: true, scene: 'party' as const },
      scenes: defaultSceneSettings(7),
    };
    await store.save(doc);
    assert.deepEqual(await filePowerStore(dir).load(), doc);
  });

  it('saves started together all succeed and the last one stays (seen at npm start: a rename failed)', async () => {
    const store = filePowerStore(join(dir, 'together'));
    const docs = ['welcome', 'bright', 'party', 'soft'].map((scene, i) => ({
      version: 1 as const,
      state: { ...initialPowerState(i, 30), scene: scene as 'party' },
      scenes: null,
    }));
    await Promise.all(docs.map((d) => store.save(d)));
    assert.deepEqual(await filePowerStore(join(dir, 'together')).load(), docs.at(-1));
  });

  it('a damaged or foreign file is ignored (the room starts dark and waits for the gateway)', async () => {
    warnings.length = 0;
    await writeFile(join(dir, 'room-power', 'state.json'), '{"version":1,"state":');
    assert.equal(await filePowerStore(dir).load(), undefined);
    await writeFile(join(dir, 'room-power', 'state.json'), JSON.stringify({ version: 2, state: {}, scenes: null }));
    assert.equal(await filePowerStore(dir).load(), undefined);
    assert.equal(warnings.length, 2, 'each damaged file is reported');
    assert.match(warnings[0] ?? '', /state\.json: not JSON/);
    assert.match(warnings[1] ?? '', /state\.json: .*\/version/);
  });
});

describe('shifted clock (the e2e tests move a room forward in time)', () => {
  it('advance runs every timer that fell due, in time order, and keeps the others', async () => {
    const clock = new ShiftedClock();
    const ran: string[] = [];
    const before = clock.now();
    clock.setTimeout(() => ran.push('b'), 60_000);
    clock.setTimeout(() => ran.push('a'), 30_000);
    const cancel = clock.setTimeout(() => ran.push('cancelled'), 40_000);
    const cancelLater = clock.setTimeout(() => ran.push('later'), 3_600_000);
    cancel();
    const now = clock.advance(61_000);
    assert.ok(now - before >= 61_000);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(ran, ['a', 'b']);
    cancelLater();
  });
});
