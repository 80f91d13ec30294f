import { createAlsaAmp } from './alsa.js';
import { ampContract } from './amp-contract.js';
import { MAX9744_ADDRESS, TPA2016_ADDRESS } from './config.js';
import { createMax9744Amp } from './max9744.js';
import { createMpvVolumeAmp } from './mpv-volume.js';
import { SimI2cBus, simOpenBus } from './sim/sim-bus.js';
import { SimMax9744 } from './sim/sim-max9744.js';
import { SimTpa2016 } from './sim/sim-tpa2016.js';
import { installAmixerStub } from './testing/amixer-stub.js';
import { createTpa2016Amp } from './tpa2016.js';

ampContract('MAX9744 on the simulated bus', async () => {
  const chip = new SimMax9744();
  const bus = new SimI2cBus(1).attach(MAX9744_ADDRESS, chip);
  return {
    amp: createMax9744Amp({ openBus: simOpenBus(bus), bus: 1 }),
    observe: async () => ({ audible: chip.volume > 0, music: chip.volume, mic: null }),
    missing: () => createMax9744Amp({ openBus: simOpenBus(new SimI2cBus(1)), bus: 1 }),
    cleanup: async () => undefined,
  };
});

ampContract('TPA2016D2 on the simulated bus', async () => {
  const chip = new SimTpa2016();
  const bus = new SimI2cBus(1).attach(TPA2016_ADDRESS, chip);
  return {
    amp: createTpa2016Amp({ openBus: simOpenBus(bus), bus: 1 }),
    observe: async () => {
      const on = chip.speakersOn;
      return { audible: on.left && on.right, music: chip.gainDb, mic: null };
    },
    missing: () => createTpa2016Amp({ openBus: simOpenBus(new SimI2cBus(1, { noAnswer: 'ENXIO' })), bus: 1 }),
    cleanup: async () => undefined,
  };
});

ampContract('ALSA through the stand-in amixer', async () => {
  const stub = await installAmixerStub();
  const options = { card: '0', musicControl: 'Master', micControl: 'Capture', env: stub.env };
  return {
    amp: createAlsaAmp(options),
    observe: async () => {
      const controls = (await stub.state()).cards[0]?.controls;
      const master = controls?.Master?.playback;
      const capture = controls?.Capture?.capture;
      const music = master?.values[0] ?? -1;
      return {
        audible: (master?.switches?.[0] ?? false) && music > (master?.min ?? 0),
        music,
        mic: capture?.values[0] ?? null,
      };
    },
    missing: () => createAlsaAmp({ ...options, card: '7' }),
    cleanup: () => stub.cleanup(),
  };
});

ampContract('ALSA, switchless mono control (Pi analog PCM), no mic', async () => {
  const stub = await installAmixerStub();
  return {
    amp: createAlsaAmp({ card: 'Device', musicControl: 'PCM', micControl: null, env: stub.env }),
    observe: async () => {
      const pcm = (await stub.state()).cards[0]?.controls.PCM?.playback;
      const music = pcm?.values[0] ?? -99999;
      return { audible: music > (pcm?.min ?? 0), music, mic: null };
    },
    missing: () => createAlsaAmp({ card: 'Device', musicControl: 'Speaker', micControl: null, env: stub.env }),
    cleanup: () => stub.cleanup(),
  };
});

ampContract('mpv volume with a recording sink', async () => {
  const sent: number[] = [];
  return {
    amp: createMpvVolumeAmp({ setVolume: async (v) => void sent.push(v) }),
    observe: async () => {
      const v = sent.at(-1) ?? 0;
      return { audible: v > 0, music: v, mic: null };
    },
    cleanup: async () => undefined,
  };
});
