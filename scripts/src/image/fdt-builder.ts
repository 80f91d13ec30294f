/**
 * Writes flattened device trees for tests (the inverse of fdt.ts): nodes with string, string-list
 * or raw properties. Pure.
 */
export interface FdtSpec {
  name: string;
  props?: Record<string, string | string[] | Buffer>;
  children?: FdtSpec[];
}

function pad4(buf: Buffer): Buffer {
  const extra = (4 - (buf.length % 4)) % 4;
  return extra === 0 ? buf : Buffer.concat([buf, Buffer.alloc(extra)]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export function buildFdt(root: FdtSpec): Buffer {
  const strings: string[] = [];
  const stringOffset = (name: string): number => {
    let off = 0;
    for (const s of strings) {
      if (s === name) return off;
      off += Buffer.byteLength(s, 'latin1') + 1;
    }
    strings.push(name);
    return off;
  };
  const parts: Buffer[] = [];
  const emit = (node: FdtSpec) => {
    parts.push(u32(1), pad4(Buffer.from(`${node.name}\0`, 'latin1')));
    for (const [key, value] of Object.entries(node.props ?? {})) {
      const data = Buffer.isBuffer(value)
        ? value
        : Buffer.from(`${(Array.isArray(value) ? value : [value]).join('\0')}\0`, 'latin1');
      parts.push(u32(3), u32(data.length), u32(stringOffset(key)), pad4(data));
    }
    for (const child of node.children ?? []) emit(child);
    parts.push(u32(2));
  };
  emit(root);
  parts.push(u32(9));
  const struct = Buffer.concat(parts);
  const stringsBlock = Buffer.from(strings.map((s) => `${s}\0`).join(''), 'latin1');
  const rsvmap = Buffer.alloc(16);
  const headerSize = 40;
  const structOff = headerSize + rsvmap.length;
  const stringsOff = structOff + struct.length;
  const total = stringsOff + stringsBlock.length;
  const header = Buffer.alloc(headerSize);
  [0xd00dfeed, total, structOff, stringsOff, headerSize, 17, 16, 0, stringsBlock.length, struct.length].forEach(
    (v, i) => {
      header.writeUInt32BE(v, i * 4);
    },
  );
  return Buffer.concat([header, rsvmap, struct, stringsBlock]);
}
