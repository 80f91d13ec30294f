import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AmpConfig } from './config.js';
import { createAmpPort } from './create-amp-port.js';

const config: AmpConfig = {
  driver: 'max9744',
  bus: 1,
  mic: 'none',
  alsa: { card: '0', musicControl: 'Master', micControl: 'Capture' },
  musicMax: 100,
  initialMusic: 40,
  initialMic: 50,
};

function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      info: (_o: object, m: string) => void lines.push(m),
      warn: (_o: object, m: string) => void lines.push(m),
    },
  };
}

describe('createAmpPort', () => {
  it('falls back to mpv volume with one log line when i2c-bus cannot be loaded', async () => {
    const { lines, logger } = recordingLogger();
    const sent: number[] = [];
    const amp = await createAmpPort(config, {
      logger,
      player: { setVolume: async (v) => void sent.push(v) },
      loadI2c: async () => {
        throw new Error('Could not locate the bindings file (i2c.node)');
      },
    });
    assert.equal(amp.name, 'mpv');
    assert.deepEqual(lines, ['i2c-bus native addon cannot be loaded: amp driver "max9744" falls back to "mpv"']);
    await amp.setMusicLevel(30);
    assert.deepEqual(sent, [30]);
  });

  it('without a player the fallback is ALSA', async () => {
    const { logger } = recordingLogger();
    const amp = await createAmpPort(
      { ...config, driver: 'tpa2016' },
      {
        logger,
        loadI2c: async () => {
          throw new Error('no addon');
        },
      },
    );
    assert.equal(amp.name, 'alsa');
  });

  it('sim works out of the box; mpv without a player is a config error', async () => {
    const { logger } = recordingLogger();
    const sim = await createAmpPort({ ...config, driver: 'sim' }, { logger });
    assert.equal((await sim.probe()).ok, true);
    await sim.setMusicLevel(50);
    await assert.rejects(createAmpPort({ ...config, driver: 'mpv' }, { logger }), { code: 'KTV_E_AMP_CONFIG' });
  });

  it('the real i2c-bus addon loads in this build (opening a bus is deferred to the first write)', async () => {
    const { logger, lines } = recordingLogger();
    const amp = await createAmpPort({ ...config, bus: 99 }, { logger });
    assert.equal(amp.name, 'max9744');
    assert.deepEqual(lines, []);
    const p = await amp.probe();
    assert.equal(p.ok, false);
    assert.match(p.message, /i2c-99/);
  });

  it('mic: "alsa" adds the ALSA mic to an I2C amp', async () => {
    const { logger } = recordingLogger();
    const amp = await createAmpPort({ ...config, driver: 'sim', mic: 'alsa' }, { logger });
    assert.equal(amp.hasMic, true);
    assert.match(amp.name, /max9744\+alsa-mic/);
  });
});
