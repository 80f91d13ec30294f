import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '../testkit/temp.js';
import { withLock } from './lock.js';

describe('release build lock', () => {
  it('runs builds one after the other and removes the lock', async () => {
    const temp = makeTempDir('release-lock');
    const file = join(temp.path, '.lock');
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = withLock(file, async () => {
      order.push('first start');
      await gate;
      order.push('first end');
    });
    const second = withLock(file, async () => {
      order.push('second');
    });
    await new Promise((r) => setImmediate(r));
    assert.ok(existsSync(file), 'the first build holds the lock');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first start', 'first end', 'second']);
    assert.equal(existsSync(file), false);
    temp.remove();
  });

  it('takes over a lock whose process is gone, or that holds no pid', async () => {
    const temp = makeTempDir('release-lock');
    const file = join(temp.path, '.lock');
    for (const stale of ['999999999', 'garbage', '']) {
      writeFileSync(file, stale);
      assert.equal(await withLock(file, async () => 42, 2_000), 42, `stale lock "${stale}"`);
    }
    temp.remove();
  });

  it('gives up on a lock held by a live process after its timeout', async () => {
    const temp = makeTempDir('release-lock');
    const file = join(temp.path, '.lock');
    writeFileSync(file, String(process.pid));
    await assert.rejects(
      withLock(file, async () => 1, 600),
      /another release build/,
    );
    temp.remove();
  });
});
