import type { AmpPort, ProbeResult } from './port.js';

/** Music and mute from `music`, the microphone level from `mic` (e.g. an I2C amp + the ALSA capture control). */
export function withMic(music: AmpPort, mic: AmpPort): AmpPort {
  return {
    name: `${music.name}+${mic.name}-mic`,
    hasMic: mic.hasMic,
    setMusicLevel: (l) => music.setMusicLevel(l),
    setMicLevel: (l) => mic.setMicLevel(l),
    setMuted: (m) => music.setMuted(m),
    async probe(): Promise<ProbeResult> {
      const [a, b] = await Promise.all([music.probe(), mic.probe()]);
      return { ok: a.ok && b.ok, message: `${a.message}; mic: ${b.message}` };
    },
    async close() {
      await Promise.allSettled([music.close(), mic.close()]);
    },
  };
}
