import type { Clock } from '../time/clock.js';
import type { AmpConfig } from './amp/config.js';
import type { AmpPort } from './amp/port.js';
import { type AmpPower, createAmpPower } from './amp/power.js';
import type { LightsConfig, OutputsConfig, SensorGpioConfig, TvConfig } from './config.js';
import { GpiodOutputs } from './gpio/gpiod-outputs.js';
import { GpiodSensorDriver } from './gpio/gpiod-sensor-driver.js';
import type { GpioLogger } from './gpio/supervised-tool.js';
import { DmxLights } from './lights/dmx-lights.js';
import type { LightPort } from './lights/port.js';
import { RelayLights } from './lights/relay-lights.js';
import { SimLights } from './lights/sim-lights.js';
import type { OutputPort } from './outputs/port.js';
import { SimOutputs } from './outputs/sim-outputs.js';
import type { SensorDriver } from './sensors/port.js';
import { SimSensorDriver } from './sensors/sim-driver.js';
import { CecTv } from './tv/cec-tv.js';
import type { TvPort } from './tv/port.js';
import { SimTv } from './tv/sim-tv.js';

export interface RoomHardwareConfig {
  sensors: { driver: 'sim' | 'gpiod'; pirHoldMs: number; gpio: SensorGpioConfig };
  outputs: OutputsConfig;
  lights: LightsConfig;
  tv: TvConfig;
  amp: Pick<AmpConfig, 'power'>;
}

export interface RoomHardwareDeps {
  clock: Clock;
  logger: GpioLogger;
  /** Environment for the hardware tools (gpiomon, gpioset, cec-ctl, stty): tests put tool twins on PATH. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The room's physical side as the config says: simulated twins by default, real drivers when the
 * config names them. What the power rules use: `outputs`, `lights`, `tv`, and `ampPower` once the
 * amplifier exists (`attachAmp`). The sensor driver is started by the sensor port.
 */
export interface RoomHardware {
  sensorDriver: SensorDriver;
  /** The simulated sensor driver (the touchscreen's sim panel drives it); absent with real sensors. */
  simSensors: SimSensorDriver | undefined;
  outputs: OutputPort;
  lights: LightPort | undefined;
  tv: TvPort | undefined;
  /** Set by attachAmp; until then a relay (or nothing) switches the amp's supply. */
  ampPower: AmpPower;
  /**
   * Gives the amp port for `amp.power: "i2c"`, and what to do after the relay powered the amp
   * on (send the volume state again: the chip woke at its defaults).
   */
  attachAmp(amp: AmpPort, afterPowerOn?: () => Promise<void>): void;
  /**
   * Claims the real lines (a missing or busy line fails here, naming it) and starts outputs,
   * lights and TV. A light or TV that cannot start is logged and left out (the room still sings);
   * a GPIO line that is missing or busy stops the start.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRoomHardware(config: RoomHardwareConfig, deps: RoomHardwareDeps): RoomHardware {
  const { clock, logger } = deps;
  const env = deps.env ?? process.env;
  const simSensors =
    config.sensors.driver === 'sim' ? new SimSensorDriver({ clock, pirHoldMs: config.sensors.pirHoldMs }) : undefined;
  const { chip, door, motion, callButton } = config.sensors.gpio;
  const sensorDriver: SensorDriver =
    simSensors ?? new GpiodSensorDriver({ chip, lines: { door, motion, callButton }, clock, logger, env });

  const outputs: OutputPort =
    config.outputs.driver === 'gpiod'
      ? new GpiodOutputs({ chip: config.outputs.chip, outputs: config.outputs.lines, clock, logger, env })
      : new SimOutputs({ clock, outputs: config.outputs.lines });

  const layout = { slots: config.lights.dmx.slots, channels: config.lights.channels };
  let lights: LightPort | undefined;
  switch (config.lights.driver) {
    case 'sim':
      lights = new SimLights(layout, clock);
      break;
    case 'dmx':
      lights = new DmxLights({ port: config.lights.dmx.port, baud: config.lights.dmx.baud, layout, clock, env });
      break;
    case 'relays':
      lights = new RelayLights({ outputs, channels: config.lights.relays, threshold: config.lights.threshold });
      break;
    case 'none':
      lights = undefined;
  }

  let tv: TvPort | undefined;
  if (config.tv.driver === 'sim') tv = new SimTv({ clock, warmUpMs: 1500 });
  else if (config.tv.driver === 'cec')
    tv = new CecTv({ device: config.tv.cec.device, osdName: config.tv.cec.osdName, env });

  const relayOrNone = (): AmpPower =>
    config.amp.power === 'relay' && outputs.outputs.includes('ampPower')
      ? createAmpPower({ via: 'relay', outputs })
      : createAmpPower({ via: 'none' });

  const hw: RoomHardware = {
    sensorDriver,
    simSensors,
    outputs,
    lights,
    tv,
    ampPower: relayOrNone(),
    attachAmp(amp, afterPowerOn) {
      if (config.amp.power === 'i2c') hw.ampPower = createAmpPower({ via: 'i2c', amp });
      else if (config.amp.power === 'relay' && outputs.outputs.includes('ampPower')) {
        hw.ampPower = createAmpPower({ via: 'relay', outputs, ...(afterPowerOn ? { afterPowerOn } : {}) });
      }
    },
    async start() {
      if (sensorDriver instanceof GpiodSensorDriver) await sensorDriver.check();
      await outputs.start();
      if (lights) {
        try {
          await lights.start();
        } catch (e) {
          logger.warn(
            { code: (e as { code?: string }).code, err: (e as Error).message },
            'lights failed to start; the room runs without them',
          );
          hw.lights = undefined;
        }
      }
      if (tv) {
        try {
          await tv.start();
        } catch (e) {
          logger.warn(
            { code: (e as { code?: string }).code, err: (e as Error).message },
            'TV control failed to start; the room runs without it',
          );
          hw.tv = undefined;
        }
      }
    },
    async stop() {
      await Promise.allSettled([hw.lights?.stop(), hw.tv?.stop()]);
      await outputs.stop();
    },
  };
  return hw;
}
