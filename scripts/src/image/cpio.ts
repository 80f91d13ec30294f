/**
 * Lists a "newc" cpio archive (the initramfs format, 070701/070702): names, modes and sizes, and
 * where the archive ends (an initramfs may be several archives one after another, the later ones
 * compressed). Pure.
 */
export interface CpioEntry {
  name: string;
  mode: number;
  size: number;
}

export class CpioError extends Error {}

const HEADER = 110;
const align4 = (n: number) => (n + 3) & ~3;

/** True when `buf` at `at` starts a newc archive. */
export function isCpio(buf: Buffer, at = 0): boolean {
  const magic = buf.toString('latin1', at, at + 6);
  return magic === '070701' || magic === '070702';
}

/** The entries of the archive starting at `at` (without its TRAILER!!!) and the offset after it. */
export function listCpio(buf: Buffer, at = 0): { entries: CpioEntry[]; end: number } {
  const entries: CpioEntry[] = [];
  let pos = at;
  for (;;) {
    if (pos + HEADER > buf.length) throw new CpioError(`the archive ends without a trailer at ${pos}`);
    if (!isCpio(buf, pos)) throw new CpioError(`no cpio header at ${pos}`);
    const field = (i: number) => {
      const text = buf.toString('latin1', pos + 6 + i * 8, pos + 14 + i * 8);
      if (!/^[0-9a-fA-F]{8}$/.test(text)) throw new CpioError(`a malformed header field at ${pos}`);
      return Number.parseInt(text, 16);
    };
    const mode = field(1);
    const size = field(6);
    const nameSize = field(11);
    if (nameSize < 1) throw new CpioError(`an empty name at ${pos}`);
    const name = buf.toString('utf8', pos + HEADER, pos + HEADER + nameSize - 1);
    pos = align4(pos + HEADER + nameSize);
    if (name === 'TRAILER!!!') return { entries, end: pos };
    if (pos + size > buf.length) throw new CpioError(`${name} runs past the end of the archive`);
    entries.push({ name, mode, size });
    pos = align4(pos + size);
  }
}

/** Skips the zero padding between concatenated archives. */
export function skipPadding(buf: Buffer, at: number): number {
  let pos = at;
  while (pos < buf.length && buf[pos] === 0) pos++;
  return pos;
}
