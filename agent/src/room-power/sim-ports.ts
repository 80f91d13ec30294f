import type { DmxLayout } from '../hardware/lights/channel-map.js';
import { SimLights } from '../hardware/lights/sim-lights.js';
import { SimOutputs } from '../hardware/outputs/sim-outputs.js';
import { SimTv } from '../hardware/tv/sim-tv.js';
import type { Clock } from '../time/clock.js';

/** The simulated room's light controller: one RGBW par with dimmer and strobe on slots 1–6 of a 24-slot frame. */
export const SIM_DMX_LAYOUT: DmxLayout = {
  slots: 24,
  channels: { main: [1], red: [2], green: [3], blue: [4], white: [5], strobe: [6] },
};

export interface SimRoomPowerPorts {
  tv: SimTv;
  outputs: SimOutputs;
  lights: SimLights;
}

/** The simulated room's TV, relay board (TV and amplifier power) and light controller. */
export function simRoomPowerPorts(clock: Clock): SimRoomPowerPorts {
  return {
    tv: new SimTv({ clock, warmUpMs: 1500 }),
    outputs: new SimOutputs({ clock, outputs: [{ name: 'tvPower' }, { name: 'ampPower' }] }),
    lights: new SimLights(SIM_DMX_LAYOUT, clock),
  };
}
