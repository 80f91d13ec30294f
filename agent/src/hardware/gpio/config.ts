/** Line settings from the agent config (firmware-config/agent.schema.json; defaults live there). */
export type LineBias = 'as-is' | 'pull-up' | 'pull-down' | 'disabled';

export interface GpioInputConfig {
  /** The line's name as the kernel knows it: `GPIO17` on a Pi, or a name given in the device tree. */
  line: string;
  bias: LineBias;
  /** Logical true (door open, motion, pressed) is the LOW level. */
  activeLow: boolean;
}

export interface GpioOutputConfig {
  /** The output's name for the rest of the agent: `tvPower`, `ampPower`, `lights.main`. */
  name: string;
  line: string;
  /** The relay board switches on a LOW level (most opto-isolated boards). */
  activeLow: boolean;
  /** The level at start (false: off). */
  initial: boolean;
}
