import { createAlsaAmp } from './alsa.js';
import { type AmpConfig, MAX9744_ADDRESS } from './config.js';
import { loadI2cBus, type OpenBus } from './i2c.js';
import { createMax9744Amp } from './max9744.js';
import { createMpvVolumeAmp, type VolumeSink } from './mpv-volume.js';
import { AmpError, AmpErrorCodes, type AmpPort } from './port.js';
import { SimI2cBus, simOpenBus } from './sim/sim-bus.js';
import { SimMax9744 } from './sim/sim-max9744.js';
import { createTpa2016Amp } from './tpa2016.js';
import { withMic } from './with-mic.js';

/** The logger calls this module makes (pino's Logger fits). */
export interface AmpLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AmpDeps {
  /** The player, for the mpv driver and as the fallback when i2c-bus cannot be loaded. */
  player?: VolumeSink;
  logger: AmpLogger;
  /** Opens an I2C bus; default: the i2c-bus native addon. Tests pass a sim bus. */
  openBus?: OpenBus;
  /** Loads the addon (tests simulate a build without it). */
  loadI2c?: () => Promise<OpenBus>;
  /** Environment for amixer (PATH). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Builds the configured amp. `sim` is the MAX9744 driver on a simulated bus. When the i2c-bus
 * addon cannot be loaded, an I2C driver falls back to mpv's volume (or, without a player, the
 * ALSA mixer) with one warning line. Never opens a device here: the first write or probe() does.
 */
export async function createAmpPort(config: AmpConfig, deps: AmpDeps): Promise<AmpPort> {
  const music = await musicPort(config, deps);
  if (config.mic !== 'alsa' || music.hasMic) return music;
  return withMic(music, alsaPort(config, deps, { micOnly: true }));
}

function alsaPort(config: AmpConfig, deps: AmpDeps, { micOnly = false } = {}): AmpPort {
  const { card, musicControl, micControl } = config.alsa;
  return createAlsaAmp({
    card,
    musicControl,
    micControl: config.mic === 'alsa' || micOnly ? micControl : null,
    ...(deps.env ? { env: deps.env } : {}),
  });
}

function mpvPort(deps: AmpDeps): AmpPort {
  if (!deps.player) throw new AmpError(AmpErrorCodes.CONFIG, 'amp.driver "mpv" needs the player');
  return createMpvVolumeAmp(deps.player);
}

async function musicPort(config: AmpConfig, deps: AmpDeps): Promise<AmpPort> {
  switch (config.driver) {
    case 'mpv':
      return mpvPort(deps);
    case 'alsa':
      return alsaPort(config, deps);
    case 'sim': {
      const bus = new SimI2cBus(config.bus).attach(config.address ?? MAX9744_ADDRESS, new SimMax9744());
      return createMax9744Amp({ openBus: simOpenBus(bus), bus: config.bus, ...addressOf(config) });
    }
    case 'max9744':
    case 'tpa2016': {
      let openBus = deps.openBus;
      if (!openBus) {
        try {
          openBus = await (deps.loadI2c ?? loadI2cBus)();
        } catch (e) {
          const fallback = deps.player ? 'mpv' : 'alsa';
          deps.logger.warn(
            { driver: config.driver, fallback, err: e instanceof Error ? e.message : String(e) },
            `i2c-bus native addon cannot be loaded: amp driver "${config.driver}" falls back to "${fallback}"`,
          );
          return deps.player ? mpvPort(deps) : alsaPort(config, deps);
        }
      }
      const create = config.driver === 'max9744' ? createMax9744Amp : createTpa2016Amp;
      return create({ openBus, bus: config.bus, ...addressOf(config) });
    }
  }
}

const addressOf = (config: AmpConfig): { address?: number } =>
  config.address === undefined ? {} : { address: config.address };
