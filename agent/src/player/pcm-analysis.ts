/** Reads 16-bit PCM WAV files (as `mpv --ao=pcm` writes them) and measures tones. Pure. */

export interface Pcm16 {
  sampleRate: number;
  channels: number;
  /** samples[channel][i] in -1..1 */
  samples: Float32Array[];
}

/** Parses a RIFF/WAVE file with 16-bit samples; a data chunk with a 0 or too-large size is read to the end. */
export function parseWav16(buf: Buffer): Pcm16 {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (bits !== 16 || channels === 0) throw new Error(`unsupported WAV: ${bits} bits, ${channels} channels`);
      const end = size === 0 || body + size > buf.length ? buf.length : body + size;
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = Array.from({ length: channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < channels; c++) {
          const channel = samples[c];
          if (channel) channel[i] = buf.readInt16LE(body + (i * channels + c) * 2) / 32768;
        }
      }
      return { sampleRate, channels, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file without a data chunk');
}

/** Power of one frequency in a run of samples (Goertzel), normalised by the run's length. */
export function tonePower(
  samples: Float32Array,
  sampleRate: number,
  freq: number,
  from = 0,
  to = samples.length,
): number {
  const n = to - from;
  if (n <= 0) return 0;
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = (samples[i] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (n * n);
}
