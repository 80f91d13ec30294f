import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RoomEventInput } from '@ktv/protocol';
import { pino } from 'pino';
import type { LineChange, LineLevels, SensorPort } from '../hardware/sensors/port.js';
import { type CallStore, fileCallStore, memoryCallStore } from './call-store.js';
import { RoomController } from './room-controller.js';

const logger = pino({ level: 'silent' });

/** Debounced lines as a port hands them over; `change` is what the debouncer would emit. */
class LinesPort implements SensorPort {
  private listeners = new Set<(c: LineChange) => void>();
  constructor(private readonly now: LineLevels = { door: false, motion: false, callButton: false }) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  levels(): LineLevels {
    return { ...this.now };
  }
  onChange(listener: (c: LineChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  change(line: LineChange['line'], level: boolean): void {
    this.now[line] = level;
    for (const l of this.listeners) l({ line, level, at: 0 });
  }
}

function controller(calls: CallStore, port = new LinesPort()) {
  const recorded: RoomEventInput[] = [];
  const rc = new RoomController({
    sensors: port,
    calls,
    logger,
    record: async (e) => {
      recorded.push(e);
    },
  });
  return { rc, recorded, port };
}

describe('RoomController: the service call survives a restart', () => {
  it('a call made before the restart is still active after it; door and motion come from the lines', async () => {
    const calls = memoryCallStore();
    const first = controller(calls);
    await first.rc.start();
    await first.rc.apply({ kind: 'screenCall' });
    assert.equal(calls.saved, true);
    first.rc.stop();

    const second = controller(calls, new LinesPort({ door: true, motion: false, callButton: false }));
    await second.rc.start();
    assert.deepEqual(second.rc.sensors, { doorOpen: true, motion: false, callActive: true });
    assert.deepEqual(second.recorded, [], 'a restart records no new call');

    await second.rc.apply({ kind: 'acknowledge', by: 'admin' });
    assert.equal(calls.saved, false);
    assert.deepEqual(second.recorded, [{ type: 'service.acknowledged', data: { by: 'admin' } }]);
    const third = controller(calls);
    await third.rc.start();
    assert.equal(third.rc.sensors.callActive, false);
  });

  it('saves only when the call flag changes, the last change winning', async () => {
    let saves: boolean[] = [];
    const calls: CallStore = {
      load: async () => false,
      save: async (active) => {
        saves.push(active);
      },
    };
    const { rc, port } = controller(calls);
    await rc.start();
    port.change('door', true);
    port.change('motion', true);
    await rc.apply({ kind: 'acknowledge', by: 'x' }); // nothing to acknowledge
    assert.deepEqual(saves, []);
    saves = [];
    port.change('callButton', true); // press: call
    port.change('callButton', false); // release: nothing
    port.change('callButton', true); // press again: cancel
    await rc.apply({ kind: 'screenCall' }); // call
    assert.deepEqual(saves, [true, false, true]);
    assert.equal(rc.sensors.callActive, true);
  });

  it('a failing save is logged and the call still stands and is recorded', async () => {
    const calls: CallStore = {
      load: async () => false,
      save: async () => {
        throw new Error('EIO');
      },
    };
    const { rc, recorded } = controller(calls);
    await rc.start();
    await rc.apply({ kind: 'screenCall' });
    assert.equal(rc.sensors.callActive, true);
    assert.deepEqual(
      recorded.map((e) => e.type),
      ['service.called'],
    );
  });
});

describe('fileCallStore', () => {
  it('keeps the flag on disk across instances; missing or damaged files start cleared with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-call-'));
    try {
      const warnings: string[] = [];
      const warn = (m: string) => warnings.push(m);
      assert.equal(await fileCallStore(dir, warn).load(), false, 'nothing saved yet');
      assert.deepEqual(warnings, [], 'a missing file is normal, not a warning');

      await fileCallStore(dir, warn).save(true);
      assert.equal(await fileCallStore(dir, warn).load(), true);
      const file = join(dir, 'room', 'call.json');
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { version: 1, callActive: true });

      const store = fileCallStore(dir, warn);
      await Promise.all([store.save(false), store.save(true), store.save(false)]);
      assert.equal(await fileCallStore(dir, warn).load(), false, 'the last save called stays');

      for (const [text, says] of [
        ['{"version":1,"callActive":tr', /not JSON/],
        ['{"version":2,"callActive":true}', /version/],
        ['{"version":1,"callActive":"yes"}', /callActive/],
      ] as const) {
        await writeFile(file, text);
        warnings.length = 0;
        assert.equal(await fileCallStore(dir, warn).load(), false, text);
        assert.equal(warnings.length, 1, text);
        assert.match(warnings[0] ?? '', says);
        assert.match(warnings[0] ?? '', /call\.json/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
