import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogSong } from '@ktv/protocol';
import { chartOf, PlayCounts, WEEK_MS } from './play-counts.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 23, 12);

const song = (id: string, title: string, addedAt: number): CatalogSong => ({
  id,
  title,
  artists: [],
  language: '国语',
  category: '流行',
  durationMs: 1000,
  media: `/library/media/${id}`,
  lyrics: null,
  vocals: { kind: 'channel', vocalsChannel: 'right' },
  addedAt,
});
const SONGS = [
  song('a', '吻别', NOW - 300 * DAY),
  song('b', '十年', NOW - 2 * DAY),
  song('c', '红豆', NOW - 10 * DAY),
  song('d', '晴天', NOW - DAY),
];

// [songId, days before NOW]
const EVENTS: [string, number][] = [
  ['a', 30],
  ['a', 20],
  ['a', 10],
  ['a', 8],
  ['b', 6.9],
  ['b', 3],
  ['b', 0.1],
  ['c', 1],
  ['a', 0.5],
  ['gone', 1],
];

describe('play counts and charts from a table of song.started events', () => {
  const counts = new PlayCounts();
  for (const [songId, days] of EVENTS) counts.add({ songId, at: NOW - days * DAY });
  const table = counts.table(NOW);

  it('counts the last 7 days and all time per song', () => {
    assert.deepEqual(table.get('a'), { week: 1, all: 5 });
    assert.deepEqual(table.get('b'), { week: 3, all: 3 });
    assert.deepEqual(table.get('c'), { week: 1, all: 1 });
    assert.equal(table.get('d'), undefined);
  });

  const charts: [Parameters<typeof chartOf>[0], string[]][] = [
    ['week', ['十年', '红豆', '吻别']],
    ['all', ['吻别', '十年', '红豆']],
    ['new', ['晴天', '十年', '红豆', '吻别']],
  ];
  for (const [kind, want] of charts) {
    it(`${kind}: ${want.join(' ')}`, () =>
      assert.deepEqual(
        chartOf(kind, SONGS, table, 10).map((r) => r.song.title),
        want,
      ));
  }

  it('a week later only the totals are left; pruning keeps them', () => {
    const later = NOW + WEEK_MS;
    counts.prune(later);
    assert.equal(counts.recentPlays().length, 0);
    assert.deepEqual(counts.table(later).get('a'), { week: 0, all: 5 });
    assert.deepEqual(chartOf('week', SONGS, counts.table(later), 10), []);
    assert.deepEqual(Object.fromEntries(counts.olderTotals(later)), { a: 5, b: 3, c: 1, gone: 1 });
  });
});
