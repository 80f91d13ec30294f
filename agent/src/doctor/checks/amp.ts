import { type DoctorCheck, errorDetail, fault, ok, skip } from '@ktv/protocol';
import type { AmpConfig } from '../../hardware/amp/config.js';
import { MAX9744_ADDRESS, TPA2016_ADDRESS } from '../../hardware/amp/config.js';
import type { AmpPort } from '../../hardware/amp/port.js';

/** The address the driver talks to (the chip's default when the config has none). Pure. */
export function ampAddress(config: AmpConfig): string {
  const address = config.address ?? (config.driver === 'tpa2016' ? TPA2016_ADDRESS : MAX9744_ADDRESS);
  return `0x${address.toString(16).padStart(2, '0')}`;
}

/**
 * Asks the configured amp whether it answers (an I2C address phase for the chips, the mixer
 * control for ALSA). The mpv driver is the player's own volume: nothing to ask.
 */
export function ampCheck(config: AmpConfig, createAmp: (config: AmpConfig) => Promise<AmpPort>): DoctorCheck {
  return {
    name: 'amp',
    title: 'doctor.check.amp',
    timeoutMs: 5000,
    failCode: 'D108',
    async run() {
      const params = { driver: config.driver, bus: config.bus, address: ampAddress(config) };
      if (config.driver === 'mpv') return skip('doctor.skip.ampNoBus', { driver: config.driver });
      let amp: AmpPort;
      try {
        amp = await createAmp(config);
      } catch (e) {
        return fault('D108', params, errorDetail(e));
      }
      try {
        const probe = await amp.probe();
        const named = { ...params, driver: config.driver === 'sim' ? `${amp.name} (simulated)` : amp.name };
        return probe.ok ? ok('doctor.ok.amp', named, probe.message) : fault('D108', named, probe.message);
      } finally {
        await amp.close().catch(() => undefined);
      }
    },
  };
}
