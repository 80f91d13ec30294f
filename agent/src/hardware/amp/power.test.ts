import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { SimOutputs } from '../outputs/sim-outputs.js';
import { MAX9744_ADDRESS, TPA2016_ADDRESS } from './config.js';
import { createMax9744Amp } from './max9744.js';
import { AmpErrorCodes, isAmpError } from './port.js';
import { createAmpPower } from './power.js';
import { SimI2cBus, simOpenBus } from './sim/sim-bus.js';
import { SimMax9744 } from './sim/sim-max9744.js';
import { SimAmpSupply } from './sim/sim-supply.js';
import { SimTpa2016 } from './sim/sim-tpa2016.js';
import { createTpa2016Amp } from './tpa2016.js';

describe('amp power', () => {
  it('TPA2016D2: software shutdown (register 1 SWS) keeps gain and speakers; waking needs nothing re-sent', async () => {
    const chip = new SimTpa2016();
    const bus = new SimI2cBus(1).attach(TPA2016_ADDRESS, chip);
    const amp = createTpa2016Amp({ openBus: simOpenBus(bus), bus: 1 });
    const power = createAmpPower({ via: 'i2c', amp });
    await amp.setMusicLevel(60);
    const gain = chip.gainDb;
    await power.setPowered(false);
    assert.equal(chip.shutdown, true);
    assert.deepEqual(chip.speakersOn, { left: false, right: false });
    // A level change while the amp is off must not wake it.
    await amp.setMusicLevel(70);
    assert.equal(chip.shutdown, true);
    await power.setPowered(true);
    assert.equal(chip.shutdown, false);
    assert.deepEqual(chip.speakersOn, { left: true, right: true });
    assert.notEqual(chip.gainDb, gain, 'the level set while off is in place');
    assert.equal(power.powered, true);
    // Register 1 writes only: SWS set, then cleared, never a fault bit.
    const reg1 = bus
      .accepted()
      .filter((t) => t.op === 'writeByte' && t.bytes[0] === 1)
      .map((t) => t.bytes[1]);
    assert.deepEqual(reg1, [0xc1, 0xe1, 0xc1]);
  });

  it('MAX9744 has no shutdown register: "i2c" is refused with a clear reason', () => {
    const bus = new SimI2cBus(1).attach(MAX9744_ADDRESS, new SimMax9744());
    const amp = createMax9744Amp({ openBus: simOpenBus(bus), bus: 1 });
    assert.throws(
      () => createAmpPower({ via: 'i2c', amp }),
      (e: unknown) => isAmpError(e, AmpErrorCodes.CONFIG) && /relay/.test(e.message),
    );
  });

  it('relay: the amp leaves the bus when its supply is cut and wakes at power-on defaults; afterPowerOn re-sends the level', async () => {
    const bus = new SimI2cBus(1);
    const supply = new SimAmpSupply(bus, MAX9744_ADDRESS, () => new SimMax9744(), false);
    const outputs = new SimOutputs({ clock: new FakeClock(), outputs: [{ name: 'ampPower' }] });
    outputs.onChange(({ output, on }) => output === 'ampPower' && supply.set(on));
    await outputs.start();
    const amp = createMax9744Amp({ openBus: simOpenBus(bus), bus: 1 });
    const power = createAmpPower({ via: 'relay', amp, outputs, afterPowerOn: () => amp.setMuted(false) });
    await assert.rejects(
      amp.setMusicLevel(20),
      (e: unknown) => isAmpError(e, AmpErrorCodes.IO),
      'no supply: nothing answers',
    );
    await power.setPowered(true);
    assert.equal(supply.powered, true);
    assert.equal(supply.chip?.volume, 0, 'afterPowerOn wrote the kept level (0: the failed write was not kept)');
    await amp.setMusicLevel(50);
    assert.equal(supply.chip?.volume, 32);
    await power.setPowered(false);
    assert.equal(supply.powered, false);
    await power.setPowered(true);
    assert.equal(supply.chip?.volume, 32, 'woke at the power-on 40, then got the level again');
  });

  it('relay without an ampPower output is a config error; "none" switches nothing', async () => {
    const outputs = new SimOutputs({ clock: new FakeClock(), outputs: [{ name: 'tvPower' }] });
    assert.throws(() => createAmpPower({ via: 'relay', outputs }), /ampPower/);
    const none = createAmpPower({ via: 'none' });
    await none.setPowered(true);
    assert.equal(none.via, 'none');
  });
});
