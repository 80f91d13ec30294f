import type { AmpPower } from '../hardware/amp/power.js';
import type { ChannelLevels, LightPort } from '../hardware/lights/port.js';
import { OUTPUT_AMP_POWER, OUTPUT_TV_POWER, type OutputPort } from '../hardware/outputs/port.js';
import type { TvPort } from '../hardware/tv/port.js';

/**
 * What the power controller drives, as the agent wires it (sim twins by default, real drivers
 * from config). Every part is optional: a room box without a CEC cable has no `tv`, one whose amp
 * is always on has no `ampPower`.
 */
export interface RoomPowerPorts {
  tv?: TvPort;
  outputs?: OutputPort;
  lights?: LightPort;
  ampPower?: AmpPower;
}

/**
 * The three things the rules switch, each one idempotent call (the controller calls them only
 * with a changed value, and again after a failure).
 */
export interface PowerDevices {
  setTv(on: boolean): Promise<void>;
  setAmp(on: boolean): Promise<void>;
  /** A look (named channel levels) and the light relays' states. */
  setLights(levels: ChannelLevels, relays: Readonly<Record<string, boolean>>): Promise<void>;
}

/**
 * The TV: its mains relay (`tvPower`, when the room has one) and HDMI-CEC. On = relay on, Image
 * View On, then the room box as the active source (the TV shows its HDMI input); off = Standby,
 * then the relay off.
 */
export function powerDevices(ports: RoomPowerPorts): PowerDevices {
  const { tv, outputs, lights, ampPower } = ports;
  const hasOutput = (name: string) => outputs?.outputs.includes(name) === true;
  return {
    async setTv(on) {
      if (on) {
        if (hasOutput(OUTPUT_TV_POWER)) await outputs?.set(OUTPUT_TV_POWER, true);
        await tv?.setPower(true);
        await tv?.selectInput();
      } else {
        await tv?.setPower(false);
        if (hasOutput(OUTPUT_TV_POWER)) await outputs?.set(OUTPUT_TV_POWER, false);
      }
    },
    async setAmp(on) {
      if (ampPower) await ampPower.setPowered(on);
      else if (hasOutput(OUTPUT_AMP_POWER)) await outputs?.set(OUTPUT_AMP_POWER, on);
    },
    async setLights(levels, relays) {
      for (const [name, on] of Object.entries(relays)) {
        if (hasOutput(name)) await outputs?.set(name, on);
      }
      await lights?.show(levels);
    },
  };
}
