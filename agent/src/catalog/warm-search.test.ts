import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSearchIndex, type CatalogSong } from '@ktv/protocol';
import { warmSearch } from './warm-search.js';

const songs: CatalogSong[] = Array.from({ length: 5000 }, (_, i) => ({
  id: `w${i}`,
  title: `Apple ${i}`,
  artists: ['Band'],
  language: '英语',
  category: '流行',
  durationMs: 1000,
  media: `m/${i}.mkv`,
  lyrics: null,
  vocals: { kind: 'channel', vocalsChannel: 'left' },
  addedAt: i,
}));

describe('warmSearch', () => {
  it('runs the one-letter searches: a letter matching thousands of songs is kept', async () => {
    const index = buildSearchIndex(songs);
    assert.equal(await warmSearch(index, () => true), 26);
    assert.equal(index.data.cache.size, 1, '"a" (5,000 songs) is kept; the other letters match too few');
  });
  it('stops when the index was replaced', async () => {
    const index = buildSearchIndex(songs);
    assert.equal(await warmSearch(index, () => false), 0);
    assert.equal(index.data.cache.size, 0);
  });
});
