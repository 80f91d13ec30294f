/**
 * The welcome screen is really drawn on the TV: a real mpv (`--vo=x11 --force-window=yes
 * --fullscreen`) on a headless X server (Xvfb) stands in for the room's TV, and the screen is read
 * back pixel by pixel (ffmpeg x11grab). Over nothing, over 公播, again after mpv is killed (-9) and
 * restarted by its supervisor, gone when the first song starts (its lyrics drawn, the middle of
 * the screen clear) and gone when the welcome time is up.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SessionSummary } from '@ktv/protocol';
import { pino } from 'pino';
import { MpvPlayer } from '../player/mpv-player.js';
import { makeBlueVideo, makeTempDir, writeLyricsAss } from '../player/test-media.js';
import { waitForPlayerEvent } from '../player/wait-for-player.js';
import { FakeClock } from '../time/fake-clock.js';
import { BOTTOM, brightPixels as bright, MIDDLE, SCREEN, WHOLE } from './testing/screen-bands.js';
import { startXvfb, type XDisplay } from './testing/x-display.js';
import { WelcomeScreen } from './welcome-screen.js';

describe('the welcome screen drawn by mpv on the TV (Xvfb, x11grab)', () => {
  let x: XDisplay;
  let tmp: { dir: string; remove: () => Promise<void> };
  let player: MpvPlayer;
  let screen: WelcomeScreen;
  let clock: FakeClock;
  let backgroundClip: string;
  let songClip: string;
  let lyrics: string;
  const savedDisplay = process.env.DISPLAY;
  const GATEWAY_T0 = 1_800_000_000_000;
  const session = (id: string): SessionSummary => ({
    sessionId: id,
    openedAt: GATEWAY_T0,
    plannedEndAt: GATEWAY_T0 + 3 * 3_600_000,
    billSoFarFen: 0,
    roomFeeFen: 0,
    ordersFen: 0,
    packageName: null,
    at: GATEWAY_T0,
  });

  /** Reads the screen until `check` holds for a frame (the TV catches up with a command). */
  async function frameWhere(what: string, check: (px: Buffer) => boolean, timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const px = await x.grab();
      if (check(px)) return px;
      last = `middle ${bright(px, MIDDLE)} bright px, bottom ${bright(px, BOTTOM)}`;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${last})`);
    }
  }
  const welcomeUp = (px: Buffer) => bright(px, MIDDLE) > 150 && bright(px, BOTTOM) === 0;
  const middleClear = (px: Buffer) => bright(px, MIDDLE) === 0;

  before(async () => {
    tmp = await makeTempDir('ktv-welcome-');
    backgroundClip = join(tmp.dir, 'bgm.mkv');
    songClip = join(tmp.dir, 'song.mkv');
    lyrics = join(tmp.dir, 'song.ass');
    await makeBlueVideo(backgroundClip, 60);
    await makeBlueVideo(songClip, 60);
    await writeLyricsAss(lyrics, '月光小夜曲');
    x = await startXvfb(SCREEN.width, SCREEN.height);
    process.env.DISPLAY = x.display;
    player = await MpvPlayer.start({
      dataDir: join(tmp.dir, 'data'),
      extraArgs: ['--vo=x11', '--ao=null', '--force-window=yes', '--fullscreen'],
      restartDelayMs: 50,
    });
    clock = new FakeClock();
    screen = new WelcomeScreen({
      player,
      clock,
      lang: 'zh-CN',
      roomName: '101 小包',
      welcomeSeconds: () => 15,
      songPlaying: () => false,
      logger: pino({ level: 'silent' }),
    });
  });
  after(async () => {
    await screen?.stop();
    await player?.close();
    await x?.stop();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    await tmp?.remove();
  });

  it('nothing plays: a black screen, then 开房 draws the welcome over it', async () => {
    await frameWhere('the idle window, black', (px) => bright(px, WHOLE) === 0);
    await screen.session(session('s1'), GATEWAY_T0 + 100);
    const px = await frameWhere('the welcome over nothing', welcomeUp);
    assert.equal(bright(px, BOTTOM), 0, 'the lyrics band stays free');
  });

  it('公播 starts under it: the welcome stays over the video', async () => {
    await player.load(backgroundClip);
    await frameWhere('the welcome over 公播', welcomeUp);
  });

  it('mpv killed (-9) during the welcome: the supervisor restarts it and the welcome is drawn again', async () => {
    const pid = player.supervisor.pid;
    assert.ok(pid);
    const restarted = waitForPlayerEvent(player, 'restarted', () => true, 10_000);
    process.kill(pid, 'SIGKILL');
    await restarted;
    assert.notEqual(player.supervisor.pid, pid);
    await frameWhere('the welcome on the new mpv', welcomeUp);
  });

  it('the first song clears it: the middle of the screen is clear and the lyrics are drawn', async () => {
    await player.load(songClip, { subFile: lyrics });
    await screen.songStarted();
    const px = await frameWhere(
      'the song with its lyrics, no welcome',
      (p) => middleClear(p) && bright(p, BOTTOM) > 300,
    );
    assert.ok(bright(px, BOTTOM) > 300);
    assert.equal(screen.view().shown, false);
  });

  it('the next guests: shown again, and gone when the welcome time is up', async () => {
    await player.load(backgroundClip);
    await screen.session(session('s2'), GATEWAY_T0 + 100);
    await frameWhere('the welcome for the next guests', welcomeUp);
    clock.advance(15_000);
    await frameWhere('the welcome gone after 15 s', middleClear);
    assert.equal(screen.view().reason, 'timeUp');
  });
});
