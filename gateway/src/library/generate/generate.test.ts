import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildSearchIndex, CatalogSnapshot, compile, searchSongs } from '@ktv/protocol';
import { main } from '../../main.js';
import { generateCatalog } from './generate-catalog.js';

const checkSnapshot = compile(CatalogSnapshot);
const media = [
  { path: 'media/a.mkv', vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 } as const },
  { path: 'media/b.mkv', vocals: { kind: 'channel', vocalsChannel: 'right' } as const },
];
const gen = (songs: number, seed: number) => generateCatalog({ songs, seed, media, createdAt: Date.UTC(2026, 0, 1) });

describe('library generator', () => {
  it('is deterministic: the same seed gives the same catalog, another seed another', () => {
    assert.deepEqual(gen(500, 7), gen(500, 7));
    assert.notDeepEqual(gen(500, 7).songs, gen(500, 8).songs);
  });

  it('writes valid catalog songs with unique ids, a mix of languages and a long tail of plays', () => {
    const s = gen(5000, 1);
    const checked = checkSnapshot(s);
    assert.ok(checked.ok, checked.ok ? '' : checked.errors.slice(0, 3).join('; '));
    assert.equal(new Set(s.songs.map((x) => x.id)).size, 5000);
    const languages = new Set(s.songs.map((x) => x.language));
    for (const l of ['国语', '粤语', '英语', '日语', '韩语']) assert.ok(languages.has(l as never), l);
    const plays = s.songs.map((x) => x.plays?.all ?? 0).sort((a, b) => b - a);
    assert.ok((plays[0] ?? 0) > 50 * (plays[2500] ?? 0) + 50, `top ${plays[0]}, median ${plays[2500]}`);
    assert.ok(s.songs.some((x) => x.artists.length === 2 && x.category === '对唱'));
    assert.deepEqual(new Set(s.songs.map((x) => x.media)), new Set(['media/a.mkv', 'media/b.mkv']));
  });

  it('titles are searchable: a song is found by its own title', () => {
    const s = gen(2000, 3);
    const index = buildSearchIndex(s.songs);
    for (const song of s.songs.slice(0, 50)) {
      const r = searchSongs(index, { text: song.title, limit: 500 });
      assert.ok(
        r.songs.some((h) => h.song.id === song.id),
        song.title,
      );
    }
  });

  it('`library generate` writes catalog.json and a few real media files', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ktv-gen-'));
    try {
      const lines: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => {
        lines.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
      let code: number;
      try {
        code = await main(['library', 'generate', '--songs', '300', '--out', out, '--seed', '42']);
      } finally {
        process.stdout.write = write;
      }
      assert.equal(code, 0);
      assert.match(lines.join(''), /300 songs/);
      const doc: unknown = JSON.parse(await readFile(join(out, 'catalog.json'), 'utf8'));
      const checked = checkSnapshot(doc);
      assert.ok(checked.ok);
      assert.equal(checked.value.songs.length, 300);
      const names = (songs: readonly { id: string; title: string; artists: string[] }[]) =>
        songs.map((x) => [x.id, x.title, ...x.artists].join('|'));
      assert.deepEqual(names(checked.value.songs), names(gen(300, 42).songs));
      for (const m of new Set(checked.value.songs.map((x) => x.media))) {
        assert.ok((await stat(join(out, m))).size > 1000, m);
      }
      assert.equal(await main(['library', 'generate', '--songs', 'many', '--out', out]), 2);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
