import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LyricsJson } from '../lyrics/lyrics-json.js';

const BIN = fileURLToPath(new URL('../../bin/ktv-agent.js', import.meta.url));
const MAKE_DEMO = fileURLToPath(new URL('../../../scripts/media/make-demo-songs.sh', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ktv-lyrics-cli-'));
  await promisify(execFile)('bash', [MAKE_DEMO, dir]);
});
after(() => rm(dir, { recursive: true, force: true }));

const summary = (j: LyricsJson) => j.lines.map((l) => `${l.startMs}-${l.endMs} ${l.text}`);

describe('ktv-agent lyrics convert on the demo LRC files', () => {
  it('UTF-8 with word timing', async () => {
    const r = await cli(['lyrics', 'convert', join(dir, 'songs/demo-001.lrc')]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as LyricsJson;
    assert.deepEqual([j.title, j.artist, j.offsetMs], ['月光小夜曲', '演示歌手', 0]);
    assert.equal(j.lines.length, 6);
    assert.deepEqual(
      j.lines[0]?.words.map((w) => `${w.startMs}-${w.endMs} ${w.text}`),
      ['2000-2450 月', '2450-2900 光', '2900-3350 洒', '3350-3800 在', '3800-4250 窗', '4250-4700 前'],
    );
    assert.equal(j.lines[5]?.text, '月光小夜曲');
  });

  it('GBK, with a negative offset and a line sung twice', async () => {
    const r = await cli(['lyrics', 'convert', join(dir, 'songs/demo-002.lrc'), '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as LyricsJson;
    assert.deepEqual([j.title, j.artist, j.offsetMs], ['海边的风', '演示乐队', -200]);
    assert.deepEqual(
      j.lines.map((l) => `${l.startMs} ${l.text}`),
      [
        '3200 海边的风吹过沙滩',
        '7700 浪花一朵一朵开',
        '12200 我们一起唱吧',
        '16700 太阳落在海面上',
        '21200 我们一起唱吧',
        '25200 再见了夏天',
      ],
    );
  });

  it('UTF-8 with BOM and CRLF', async () => {
    const r = await cli(['lyrics', 'convert', join(dir, 'songs/demo-003.lrc')]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as LyricsJson;
    assert.deepEqual([j.title, j.artist], ['城市夜归人', '演示歌手乙']);
    assert.deepEqual(summary(j).slice(0, 2), ['2000-6500 霓虹灯下的街道', '6500-11000 一个人慢慢行']);
    assert.equal(j.lines.length, 5);
  });

  it('--format ass gives karaoke subtitles', async () => {
    const r = await cli(['lyrics', 'convert', join(dir, 'songs/demo-001.lrc'), '--format', 'ass']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\[Script Info\]/);
    assert.match(r.stdout, /\\kf\d+\}月/);
  });

  it('an empty file exits 1 naming the file and the code', async () => {
    const empty = join(dir, 'empty.lrc');
    await writeFile(empty, '[ti:空]\n\n');
    const r = await cli(['lyrics', 'convert', empty]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`${empty.replaceAll('/', '\\/')}: KTV_E_LYRICS_EMPTY`));
  });

  it('bad arguments exit 2; --help lists the command', async () => {
    assert.equal((await cli(['lyrics', 'convert'])).code, 2);
    assert.equal((await cli(['lyrics', 'convert', 'x.lrc', '--format', 'srt'])).code, 2);
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /lyrics convert FILE \[--format json\|ass\]/);
  });
});
