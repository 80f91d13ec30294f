import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX9744_ADDRESS, TPA2016_ADDRESS } from './config.js';
import { createMax9744Amp, max9744Code } from './max9744.js';
import { AmpErrorCodes, isAmpError } from './port.js';
import { SimI2cBus, simOpenBus } from './sim/sim-bus.js';
import { SimMax9744 } from './sim/sim-max9744.js';
import { SimTpa2016 } from './sim/sim-tpa2016.js';
import { createTpa2016Amp, tpa2016GainByte, tpa2016GainDb, tpa2016GainFromByte } from './tpa2016.js';

describe('MAX9744', () => {
  it('maps levels to volume positions', () => {
    const table: [number, number][] = [
      [0, 0],
      [1, 1],
      [2, 1],
      [10, 6],
      [50, 32],
      [63, 40],
      [99, 62],
      [100, 63],
    ];
    for (const [level, code] of table) assert.equal(max9744Code(level), code, `level ${level}`);
  });

  it('writes one byte per change, no register address; mute is 0', async () => {
    const bus = new SimI2cBus(1).attach(MAX9744_ADDRESS, new SimMax9744());
    const amp = createMax9744Amp({ openBus: simOpenBus(bus), bus: 1 });
    await amp.setMusicLevel(50);
    await amp.setMuted(true);
    await amp.setMuted(false);
    assert.deepEqual(
      bus.accepted().map((t) => [t.op, t.address, ...t.bytes]),
      [
        ['i2cWrite', 0x4b, 32],
        ['i2cWrite', 0x4b, 0],
        ['i2cWrite', 0x4b, 32],
      ],
    );
  });

  it('the sim chip refuses what the real one does not take', async () => {
    const bus = new SimI2cBus(1).attach(MAX9744_ADDRESS, new SimMax9744());
    await assert.rejects(bus.i2cWrite(0x4b, 1, Buffer.from([0x42])), {
      code: 'EREMOTEIO',
      syscall: 'write',
      errno: -121,
    });
    await assert.rejects(bus.i2cWrite(0x4b, 1, Buffer.from([0x80])), /not a command/);
    await assert.rejects(bus.i2cWrite(0x4b, 2, Buffer.from([10, 10])), { code: 'EREMOTEIO' });
    await assert.rejects(bus.readByte(0x4b, 0), /receive-only/);
    await assert.rejects(bus.writeByte(0x4b, 0, 300), /Invalid byte 300/);
    await bus.i2cWrite(0x4b, 1, Buffer.from([0x41]));
    assert.deepEqual(
      bus.transfers.map((t) => t.ok),
      [false, false, false, false, true],
    );
  });

  it('a configured address; missing chip: probe message names the address and errno', async () => {
    const bus = new SimI2cBus(1).attach(0x49, new SimMax9744());
    assert.equal((await createMax9744Amp({ openBus: simOpenBus(bus), bus: 1, address: 0x49 }).probe()).ok, true);
    const p = await createMax9744Amp({ openBus: simOpenBus(bus), bus: 1 }).probe();
    assert.equal(p.ok, false);
    assert.match(p.message, /no answer at 0x4b on \/dev\/i2c-1 .*EREMOTEIO, Remote I\/O error/);
  });

  it('a bus that cannot be opened is an I/O error, not a crash', async () => {
    const amp = createMax9744Amp({
      openBus: async () => {
        throw Object.assign(new Error("ENOENT: no such file or directory, open '/dev/i2c-1'"), { code: 'ENOENT' });
      },
      bus: 1,
    });
    await assert.rejects(
      amp.setMusicLevel(10),
      (e: unknown) => isAmpError(e, AmpErrorCodes.IO) && /i2c-1/.test(e.message),
    );
    assert.equal((await amp.probe()).ok, false);
  });
});

describe('TPA2016D2', () => {
  it('maps levels to gain and gain to register 5 bytes', () => {
    const gains: [number, number][] = [
      [1, -28],
      [50, 1],
      [100, 30],
    ];
    for (const [level, db] of gains) assert.equal(tpa2016GainDb(level), db, `level ${level}`);
    const bytes: [number, number][] = [
      [-28, 0x24],
      [-1, 0x3f],
      [0, 0],
      [6, 0x06],
      [30, 0x1e],
    ];
    for (const [db, byte] of bytes) {
      assert.equal(tpa2016GainByte(db), byte, `${db} dB`);
      assert.equal(tpa2016GainFromByte(byte), db);
    }
    assert.throws(() => tpa2016GainByte(31), { code: 'KTV_E_AMP_RANGE' });
    assert.throws(() => tpa2016GainByte(-29), { code: 'KTV_E_AMP_RANGE' });
  });

  it('writes gain (reg 5) before speakers on (reg 1); mute clears the speaker enables', async () => {
    const chip = new SimTpa2016();
    const bus = new SimI2cBus(1).attach(TPA2016_ADDRESS, chip);
    const amp = createTpa2016Amp({ openBus: simOpenBus(bus), bus: 1 });
    await amp.setMusicLevel(100);
    await amp.setMusicLevel(50);
    await amp.setMuted(true);
    await amp.setMuted(false);
    await amp.setMusicLevel(0);
    assert.deepEqual(
      bus.accepted().map((t) => t.bytes),
      [
        [5, 0x1e],
        [1, 0xc1],
        [5, 0x01],
        [1, 0x01],
        [5, 0x01],
        [1, 0xc1],
        [1, 0x01],
      ],
    );
    assert.deepEqual(chip.speakersOn, { left: false, right: false });
  });

  it('the sim chip refuses unknown registers and out-of-range gain', async () => {
    const bus = new SimI2cBus(1).attach(TPA2016_ADDRESS, new SimTpa2016());
    await assert.rejects(bus.writeByte(0x58, 8, 0), { code: 'EREMOTEIO', syscall: 'writeByte', errno: 121 });
    await assert.rejects(bus.writeByte(0x58, 0, 0), /register 0 does not exist/);
    await assert.rejects(bus.writeByte(0x58, 5, 0x1f), /31 dB is outside/);
    await assert.rejects(bus.writeByte(0x58, 5, 0x40), /bits 7..6/);
    await bus.writeByte(0x58, 7, 0xc0); // compression 1:1
    await assert.rejects(bus.writeByte(0x58, 5, 0x3f), /needs compression on/);
    await assert.rejects(bus.readByte(0x59, 1), { code: 'EREMOTEIO', message: /^EREMOTEIO, Remote I\/O error/ });
  });

  it('probe reports fault flags from register 1', async () => {
    const chip = new SimTpa2016();
    chip.fault('thermal');
    const bus = new SimI2cBus(1).attach(TPA2016_ADDRESS, chip);
    const p = await createTpa2016Amp({ openBus: simOpenBus(bus), bus: 1 }).probe();
    assert.equal(p.ok, true);
    assert.match(p.message, /register 1 = 0xc7 \(thermal shutdown\)/);
  });
});
