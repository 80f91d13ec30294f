/**
 * For tests: newc cpio archives as `cpio -H newc -o` and Debian's mkinitramfs write them, to feed
 * the readers in cpio.ts and the image checks without running cpio.
 */
export interface NewcFile {
  name: string;
  mode: number;
  data: string;
}

/** A newc archive of these files, then the trailer; every header and body padded to 4 bytes. */
export function newc(files: NewcFile[]): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
    const pad = (4 - (length % 4)) % 4;
    if (pad > 0) {
      parts.push(Buffer.alloc(pad));
      length += pad;
    }
  };
  for (const f of [...files, { name: 'TRAILER!!!', mode: 0, data: '' }]) {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const data = Buffer.from(f.data);
    const fields = [1, f.mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, Buffer.byteLength(f.name) + 1, 0];
    push(Buffer.from(`070701${fields.map(hex).join('')}${f.name}\0`));
    if (data.length > 0) push(data);
  }
  return Buffer.concat(parts);
}

/** Empty regular files with these names (as mkinitramfs writes them, without ./). */
export function newcOfEmptyFiles(names: string[]): Buffer {
  return newc(names.map((name) => ({ name, mode: 0o100644, data: '' })));
}
