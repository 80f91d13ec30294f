import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type CatalogDelta,
  type CatalogSnapshot,
  compile,
  CatalogDelta as DeltaSchema,
  CatalogSnapshot as SnapshotSchema,
} from '@ktv/protocol';
import { writeFileDurably } from './durable-write.js';

const validateSnapshot = compile(SnapshotSchema);
const validateDelta = compile(DeltaSchema);
const VERSION_FILE = /^(\d+)\.json\.gz$/;
const INDEX_FILE = /^(\d+)\.index$/;
const POINTER = 'current';

/** The catalog replica's folder could not be read or a file in it is damaged. */
export class CatalogFileError extends Error {
  readonly code = 'KTV_E_CATALOG_FILE';
}

/** JSON, gzip'd or plain (by its magic bytes). */
function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
    return JSON.parse(plain.toString('utf8'));
  } catch (e) {
    throw new CatalogFileError(`${what} is not (gzip'd) JSON: ${(e as Error).message}`);
  }
}

/** A catalog delta as the gateway serves it (throws CatalogFileError with the reason). */
export function decodeDelta(bytes: Uint8Array, what: string): CatalogDelta {
  const checked = validateDelta(parseJson(bytes, what));
  if (!checked.ok)
    throw new CatalogFileError(`${what} is not a catalog delta: ${checked.errors.slice(0, 3).join('; ')}`);
  return checked.value;
}

/** A snapshot, gzip'd or plain JSON (throws CatalogFileError with the reason). */
export function decodeSnapshot(gz: Uint8Array, what: string): CatalogSnapshot {
  const raw = parseJson(gz, what);
  const checked = validateSnapshot(raw);
  if (!checked.ok)
    throw new CatalogFileError(`${what} is not a catalog snapshot: ${checked.errors.slice(0, 3).join('; ')}`);
  return checked.value;
}

/**
 * DATA/catalog: one `N.json.gz` per kept version (the whole catalog at N) and a `current` file
 * naming the version in use, and `N.index`, the search index of the version in use. Each is written whole (temp, fsync, rename, fsync dir); the pointer
 * moves only after its version is on disk, so a power cut leaves the old or the new catalog.
 */
export class CatalogFiles {
  constructor(readonly dir: string) {}

  private fileOf(version: number): string {
    return join(this.dir, `${version}.json.gz`);
  }

  /** The serialised search index of version N (built once by the room, loaded at every start). */
  private indexFileOf(version: number): string {
    return join(this.dir, `${version}.index`);
  }

  /** Version N's saved search index, or null when there is none (never built, or removed). */
  async readIndex(version: number): Promise<Uint8Array | null> {
    try {
      return await readFile(this.indexFileOf(version));
    } catch {
      return null;
    }
  }

  async writeIndex(version: number, bytes: Uint8Array): Promise<void> {
    await writeFileDurably(this.indexFileOf(version), bytes);
  }

  /** The version `current` names and its snapshot; null when there is none yet or it is unreadable. */
  async readCurrent(): Promise<{ snapshot: CatalogSnapshot } | null> {
    await mkdir(this.dir, { recursive: true });
    let text: string;
    try {
      text = await readFile(join(this.dir, POINTER), 'utf8');
    } catch {
      return null;
    }
    const version = Number.parseInt(text.trim(), 10);
    if (!Number.isSafeInteger(version) || version < 0)
      throw new CatalogFileError(`${POINTER} names no version: "${text.trim()}"`);
    const file = this.fileOf(version);
    const snapshot = decodeSnapshot(await readFile(file), file);
    if (snapshot.version !== version) throw new CatalogFileError(`${file} holds version ${snapshot.version}`);
    return { snapshot };
  }

  /** Writes version N and then points `current` at it; older versions beyond `keep` are removed. */
  async commit(snapshot: CatalogSnapshot, keep = 2): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileDurably(this.fileOf(snapshot.version), gzipSync(JSON.stringify(snapshot)));
    await writeFileDurably(join(this.dir, POINTER), `${snapshot.version}\n`);
    const versions = (await readdir(this.dir))
      .map((f) => VERSION_FILE.exec(f)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => b - a);
    for (const v of versions.slice(keep))
      if (v !== snapshot.version) await unlink(this.fileOf(v)).catch(() => undefined);
    // Only the version in use keeps its index (an older one is rebuilt if it is ever needed).
    for (const f of await readdir(this.dir)) {
      const v = INDEX_FILE.exec(f)?.[1];
      if (v !== undefined && Number(v) !== snapshot.version) await unlink(join(this.dir, f)).catch(() => undefined);
    }
  }
}
