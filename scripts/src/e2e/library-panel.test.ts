/**
 * The song library panel of the admin page in real Chromium against a real gateway: an import
 * started on the gateway shows its progress bar, then the new catalog version and song count.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createGateway, type Gateway, parseConfig, silentLogger } from '@ktv/gateway';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testkit/browser.js';
import { makeTempDir } from '../testkit/temp.js';

const SONGS = 40;

describe('admin page: song library panel in Chromium', () => {
  const temp = makeTempDir('library-panel');
  const password = 'front-desk-test';
  let gateway: Gateway;
  let url: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const songs = join(temp.path, 'songs');
    await mkdir(songs);
    const first = join(temp.path, 'one.mp3');
    await promisify(execFile)('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=1',
      '-ac',
      '2',
      first,
    ]);
    for (let i = 0; i < SONGS; i++) await copyFile(first, join(songs, `歌手${i}-歌名${i}.mp3`));
    gateway = createGateway({
      dataDir: join(temp.path, 'data'),
      config: parseConfig({
        storeId: 's1',
        mqtt: { host: '127.0.0.1', port: 0 },
        http: { host: '127.0.0.1', port: 0 },
      }),
      logger: silentLogger(),
      adminPassword: password,
    });
    const { httpPort } = await gateway.start();
    url = `http://127.0.0.1:${httpPort}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.fill('#username', 'admin');
    await page.fill('#password', password);
    await page.click('#login');
  });
  after(async () => {
    await browser?.close();
    await gateway?.stop();
    temp.remove();
  });

  it('shows the empty library, then the import progress bar, then the new version', async () => {
    await page.waitForSelector('#library-panel[data-loaded="true"][data-version="0"]');
    assert.match((await page.locator('#library-panel').textContent()) ?? '', /曲库.*尚未导入/);
    // Every progress bar the page draws is recorded (the import of a few files is quick).
    const seen = page.evaluate(
      () =>
        new Promise<{ total: number; done: number[] }>((resolve) => {
          const done: number[] = [];
          let total = 0;
          const observer = new MutationObserver(() => {
            const bar = document.querySelector<HTMLProgressElement>('#library-progress');
            if (bar) {
              total = Number(bar.dataset.total);
              done.push(Number(bar.dataset.done));
            }
            if (document.querySelector('#library-panel[data-version="1"][data-importing="false"]')) {
              observer.disconnect();
              resolve({ total, done });
            }
          });
          observer.observe(document.body, { attributes: true, subtree: true, childList: true });
        }),
    );
    const res = await page.evaluate(
      async (path) =>
        (
          await fetch('/api/library/import', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ path }),
          })
        ).status,
      join(temp.path, 'songs'),
    );
    assert.equal(res, 200);
    const progress = await seen;
    assert.equal(progress.total, SONGS, 'the progress bar counts the files');
    assert.ok(progress.done.length >= 1);
    await page.waitForSelector(`#library-panel[data-version="1"][data-songs="${SONGS}"]`);
    const text = (await page.locator('#library-panel').textContent()) ?? '';
    assert.match(text, new RegExp(`${SONGS} 首`));
    assert.match(text, new RegExp(`新增 ${SONGS}`));
    await page.click('#lang');
    assert.match((await page.locator('#library-panel').textContent()) ?? '', /Song library/);
  });
});
