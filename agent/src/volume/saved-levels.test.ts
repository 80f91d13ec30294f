import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { savedLevels } from './saved-levels.js';

describe('savedLevels: the room comes back at the guests’ levels', () => {
  it('keeps the newest levels of a burst; nothing saved or a damaged file gives undefined with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-levels-'));
    try {
      const warnings: string[] = [];
      const levels = savedLevels(dir, (m) => warnings.push(m));
      assert.equal(await levels.load(), undefined);
      assert.equal(warnings.length, 0);
      // A slider dragged: only the first and the newest reach the disk, the newest stays.
      await Promise.all(
        [30, 31, 32, 33, 34].map((music) => levels.save({ music, mic: 50, musicMax: 90, muted: false })),
      );
      assert.deepEqual(await savedLevels(dir, (m) => warnings.push(m)).load(), { music: 34, mic: 50, muted: false });

      for (const [text, says] of [
        ['{"version":1,"music":', /not JSON/],
        ['{"version":1,"music":101,"mic":0,"muted":false}', /music/],
      ] as const) {
        await writeFile(join(dir, 'volume.json'), text);
        warnings.length = 0;
        assert.equal(await savedLevels(dir, (m) => warnings.push(m)).load(), undefined, text);
        assert.equal(warnings.length, 1);
        assert.match(warnings[0] ?? '', says);
        assert.match(warnings[0] ?? '', /volume\.json.*configured levels/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
