import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { makeTempDir, makeTwoTrackSong } from './test-media.js';
import { waitForPlayerEvent, waitForPosition } from './wait-for-player.js';

const NULL_OUTPUT = ['--vo=null', '--ao=null'];
const VOCALS = { kind: 'track', vocalsTrack: 1, backingTrack: 2 } as const;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('mpv supervisor and resume (real mpv)', () => {
  let media: { dir: string; remove: () => Promise<void> };
  let data: { dir: string; remove: () => Promise<void> };
  let song: string;
  let player: MpvPlayer | null = null;

  before(async () => {
    media = await makeTempDir();
    song = join(media.dir, 'song.mkv');
    await makeTwoTrackSong(song, 8);
  });
  after(async () => {
    await media.remove();
  });
  afterEach(async () => {
    await player?.close();
    player = null;
    await data.remove();
  });

  it('starts mpv on a private socket and stops it cleanly', async (t) => {
    data = await makeTempDir('ktv-mpv-data-');
    const t0 = performance.now();
    player = await MpvPlayer.start({ dataDir: data.dir, extraArgs: NULL_OUTPUT });
    t.diagnostic(`mpv start until IPC ready: ${(performance.now() - t0).toFixed(0)} ms`);
    const socket = player.supervisor.ipcPath;
    assert.equal(socket, join(data.dir, 'mpv', 'ipc.sock'));
    assert.equal((await stat(dirname(socket))).mode & 0o777, 0o700);
    assert.ok((await stat(socket)).isSocket());
    const pid = player.supervisor.pid;
    assert.ok(pid !== undefined && isAlive(pid));
    const client = player.supervisor.client;
    assert.ok(client);
    assert.match(await client.getProperty('mpv-version'), /^mpv /);
    await player.close();
    player = null;
    assert.equal(isAlive(pid), false);
  });

  it('mpv killed with SIGKILL mid-song is restarted and the song resumes within a second', async (t) => {
    data = await makeTempDir('ktv-mpv-data-');
    player = await MpvPlayer.start({ dataDir: data.dir, extraArgs: NULL_OUTPUT, restartDelayMs: 50 });
    await player.load(song, { vocals: VOCALS, vocalMode: 'vocalsOn' });
    const t1 = performance.now();
    await player.setVocalMode('vocalsOff');
    t.diagnostic(`audio track switch (aid) acknowledged in ${(performance.now() - t1).toFixed(1)} ms`);
    await player.setVolume(37);
    await waitForPosition(player, 2000);
    const oldPid = player.supervisor.pid;
    assert.ok(oldPid !== undefined);
    const killedAt = player.status().positionMs;
    const restarted = waitForPlayerEvent(player, 'restarted');
    const t0 = performance.now();
    process.kill(oldPid, 'SIGKILL');
    const e = await restarted;
    t.diagnostic(`kill -9 to song playing again: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(e.file, song);
    assert.ok(e.resumedAtMs !== null && Math.abs(e.resumedAtMs - killedAt) < 1000, `${killedAt} -> ${e.resumedAtMs}`);
    assert.notEqual(player.supervisor.pid, oldPid);
    const s = player.status();
    assert.equal(s.file, song);
    assert.equal(s.paused, false);
    // what the guest had chosen survives the restart
    const client = player.supervisor.client;
    assert.ok(client);
    assert.equal(await client.getProperty('aid'), 2);
    assert.equal(await client.getProperty('volume'), 37);
    const pos = await client.getProperty('time-pos');
    assert.ok(pos !== null && Math.abs(pos * 1000 - killedAt) < 1000, `mpv at ${pos} s, killed at ${killedAt} ms`);
    await waitForPosition(player, (e.resumedAtMs ?? 0) + 300);
  });

  it('a paused song stays paused after a restart', async () => {
    data = await makeTempDir('ktv-mpv-data-');
    player = await MpvPlayer.start({ dataDir: data.dir, extraArgs: NULL_OUTPUT, restartDelayMs: 50 });
    await player.load(song, { startMs: 3000, paused: true });
    const pid = player.supervisor.pid;
    assert.ok(pid !== undefined);
    const restarted = waitForPlayerEvent(player, 'restarted');
    process.kill(pid, 'SIGKILL');
    const e = await restarted;
    assert.ok(e.resumedAtMs !== null && Math.abs(e.resumedAtMs - 3000) < 100);
    const client = player.supervisor.client;
    assert.ok(client);
    assert.equal(await client.getProperty('pause'), true);
    assert.equal(player.status().paused, true);
  });
});
