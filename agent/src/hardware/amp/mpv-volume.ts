import { AmpError, AmpErrorCodes, type AmpPort, checkLevel, type ProbeResult } from './port.js';

/** Where the mpv driver sends the music level: the PlayerPort (only `setVolume` is used). */
export interface VolumeSink {
  setVolume(volume: number): Promise<void>;
}

/**
 * Music level through mpv's own `volume` property (0..100 = level; mpv's softvol gain is cubic
 * in it, so this is already an audio taper). Mute sends 0 and unmute the kept level. mpv does
 * not carry the microphone: `hasMic` is false.
 */
export function createMpvVolumeAmp(sink: VolumeSink): AmpPort {
  let level = 0;
  let muted = false;
  let closed = false;

  async function send(v: number): Promise<void> {
    if (closed) throw new AmpError(AmpErrorCodes.CLOSED, 'the amp port is closed');
    try {
      await sink.setVolume(v);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new AmpError(AmpErrorCodes.IO, `mpv volume ${v}: ${why}`, { cause: e });
    }
  }

  return {
    name: 'mpv',
    hasMic: false,
    async setMusicLevel(l) {
      checkLevel(l, 'music');
      if (!muted) await send(l);
      level = l;
    },
    async setMicLevel() {
      throw new AmpError(AmpErrorCodes.UNSUPPORTED, 'mpv volume has no microphone level (mic: "alsa" adds one)');
    },
    async setMuted(m) {
      await send(m ? 0 : level);
      muted = m;
    },
    async probe(): Promise<ProbeResult> {
      return closed
        ? { ok: false, message: 'mpv volume: closed' }
        : { ok: true, message: 'mpv volume (through the player)' };
    },
    async close() {
      closed = true;
    },
  };
}
