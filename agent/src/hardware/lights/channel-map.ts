import { type ChannelLevels, checkLevels, LightError, LightErrorCodes } from './port.js';

/**
 * Where each named channel sits in the DMX512 frame: channel name -> slot numbers, 1-based as
 * printed on the fixtures' address switches (a name may drive several fixtures: two RGB pars
 * both take `red`). `slots` is the frame length (24..512; DMX allows shorter frames, the Enttec
 * widget needs at least 24).
 */
export interface DmxLayout {
  slots: number;
  channels: Readonly<Record<string, readonly number[]>>;
}

export const DMX_MIN_SLOTS = 24;
export const DMX_MAX_SLOTS = 512;

/** Refuses a layout whose slots fall outside the frame (KTV_E_LIGHT_CONFIG, naming the channel). */
export function checkLayout(layout: DmxLayout): void {
  if (!Number.isInteger(layout.slots) || layout.slots < DMX_MIN_SLOTS || layout.slots > DMX_MAX_SLOTS) {
    throw new LightError(
      LightErrorCodes.CONFIG,
      `lights.dmx.slots must be ${DMX_MIN_SLOTS}..${DMX_MAX_SLOTS}, got ${layout.slots}`,
    );
  }
  for (const [name, slots] of Object.entries(layout.channels)) {
    for (const slot of slots) {
      if (!Number.isInteger(slot) || slot < 1 || slot > layout.slots) {
        throw new LightError(
          LightErrorCodes.CONFIG,
          `light channel "${name}" is on slot ${slot}, outside the frame 1..${layout.slots}`,
        );
      }
    }
  }
}

/** Pure: the DMX slot values (without the start code) for a look; unnamed slots are 0. */
export function universeFor(layout: DmxLayout, levels: ChannelLevels): { slots: Uint8Array; ignored: string[] } {
  checkLevels(levels);
  const slots = new Uint8Array(layout.slots);
  const ignored: string[] = [];
  for (const [name, level] of Object.entries(levels)) {
    const at = layout.channels[name];
    if (!at) {
      ignored.push(name);
      continue;
    }
    for (const slot of at) slots[slot - 1] = level;
  }
  return { slots, ignored };
}

/** Every channel of the layout with its level in the look (0 when left out). */
export function fullLook(channels: readonly string[], levels: ChannelLevels): Record<string, number> {
  return Object.fromEntries(channels.map((c) => [c, levels[c] ?? 0]));
}
