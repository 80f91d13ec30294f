/**
 * A reader for flattened device trees (.dtb, devicetree specification v0.4 ch. 5): enough to ask
 * what the board's firmware will hand the kernel (a node's status, compatible, aliases). Pure.
 */
export interface FdtNode {
  /** The unit name, e.g. `i2c@7e804000`; `` for the root. */
  name: string;
  props: Map<string, Buffer>;
  children: FdtNode[];
}

const MAGIC = 0xd00dfeed;
const BEGIN_NODE = 1;
const END_NODE = 2;
const PROP = 3;
const NOP = 4;
const END = 9;

export class FdtError extends Error {}

function cString(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  if (end < 0) throw new FdtError(`unterminated string at ${at}`);
  return buf.toString('latin1', at, end);
}

const align4 = (n: number) => (n + 3) & ~3;

/** The tree of a .dtb blob; throws FdtError for anything that is not a well-formed one. */
export function parseFdt(blob: Buffer): FdtNode {
  if (blob.length < 40 || blob.readUInt32BE(0) !== MAGIC) throw new FdtError('not a flattened device tree');
  const total = blob.readUInt32BE(4);
  const structOff = blob.readUInt32BE(8);
  const stringsOff = blob.readUInt32BE(12);
  if (total > blob.length || structOff >= total || stringsOff >= total) throw new FdtError('truncated device tree');
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  let at = structOff;
  for (;;) {
    if (at + 4 > total) throw new FdtError('the structure block runs past the end');
    const token = blob.readUInt32BE(at);
    at += 4;
    if (token === BEGIN_NODE) {
      const name = cString(blob, at);
      at = align4(at + Buffer.byteLength(name, 'latin1') + 1);
      const node: FdtNode = { name, props: new Map(), children: [] };
      const parent = stack.at(-1);
      if (parent) parent.children.push(node);
      else if (root) throw new FdtError('two root nodes');
      else root = node;
      stack.push(node);
    } else if (token === END_NODE) {
      if (!stack.pop()) throw new FdtError('unbalanced end of node');
    } else if (token === PROP) {
      const len = blob.readUInt32BE(at);
      const nameOff = blob.readUInt32BE(at + 4);
      const node = stack.at(-1);
      if (!node) throw new FdtError('a property outside any node');
      node.props.set(cString(blob, stringsOff + nameOff), blob.subarray(at + 8, at + 8 + len));
      at = align4(at + 8 + len);
    } else if (token === NOP) {
      // nothing
    } else if (token === END) {
      break;
    } else {
      throw new FdtError(`unknown token ${token} at ${at - 4}`);
    }
  }
  if (!root || stack.length > 0) throw new FdtError('the structure block ends inside a node');
  return root;
}

/** The node at an absolute path like `/soc/i2c@7e804000`, or undefined. */
export function fdtNode(root: FdtNode, path: string): FdtNode | undefined {
  let node: FdtNode | undefined = root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    node = node?.children.find((c) => c.name === part || c.name.split('@')[0] === part);
    if (!node) return undefined;
  }
  return node;
}

/** A string-list property (`compatible`, `status`, aliases) as its strings. */
export function fdtStrings(node: FdtNode, prop: string): string[] | undefined {
  const value = node.props.get(prop);
  if (value === undefined) return undefined;
  const parts = value.toString('latin1').split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/** A node is enabled unless its status says otherwise ("okay"/"ok" or absent). */
export function fdtEnabled(node: FdtNode): boolean {
  const status = fdtStrings(node, 'status')?.[0];
  return status === undefined || status === 'okay' || status === 'ok';
}

/** Every node below `node` (depth first, document order) with its absolute path. */
export function* fdtWalk(node: FdtNode, path = ''): Generator<{ path: string; node: FdtNode }> {
  for (const child of node.children) {
    const p = `${path}/${child.name}`;
    yield { path: p, node: child };
    yield* fdtWalk(child, p);
  }
}
