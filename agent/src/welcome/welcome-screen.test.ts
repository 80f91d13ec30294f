import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lang, SessionSummary } from '@ktv/protocol';
import { pino } from 'pino';
import type { Overlay, OverlayId, PlayerPort } from '../player/player-port.js';
import { SimPlayer } from '../player/sim-player.js';
import { FakeClock } from '../time/fake-clock.js';
import { WELCOME_OVERLAY_ID } from './welcome-overlay.js';
import { WelcomeScreen } from './welcome-screen.js';

const logger = pino({ level: 'silent' });
const H = 3_600_000;
/** The gateway's clock: the screen never compares it with the agent's. */
const GATEWAY_T0 = 1_800_000_000_000;

function summary(id: string, over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId: id,
    openedAt: GATEWAY_T0,
    plannedEndAt: null,
    billSoFarFen: 0,
    roomFeeFen: 0,
    ordersFen: 0,
    packageName: null,
    at: GATEWAY_T0,
    ...over,
  };
}

function setup(o: { seconds?: number; lang?: Lang; playing?: boolean; player?: PlayerPort } = {}) {
  const clock = new FakeClock();
  const player = o.player ?? new SimPlayer({ clock, durationOf: () => 60_000 });
  const screen = new WelcomeScreen({
    player,
    clock,
    lang: o.lang ?? 'zh-CN',
    roomName: '101 小包',
    welcomeSeconds: () => o.seconds ?? 15,
    songPlaying: () => o.playing ?? false,
    logger,
  });
  const drawn = () => player.overlay(WELCOME_OVERLAY_ID)?.ass ?? null;
  return { clock, player, screen, drawn };
}

describe('welcome screen on the player (simulated twin, fake clock)', () => {
  it('开房 draws 欢迎光临 and the room name; 15 s later it is gone', async () => {
    const { clock, screen, drawn } = setup();
    assert.equal(drawn(), null);
    await screen.session(summary('s1'), GATEWAY_T0 + 200);
    assert.match(drawn() ?? '', /欢迎光临/);
    assert.match(drawn() ?? '', /101 小包/);
    assert.equal(screen.view().shown, true);
    clock.advance(14_000);
    assert.notEqual(drawn(), null, 'still up at 14 s');
    clock.advance(1_000);
    await screen.stop(); // waits for the hide queued by the timer
    assert.equal(drawn(), null);
    assert.equal(screen.view().reason, 'timeUp');
    assert.equal(clock.pendingTimers, 0);
  });

  it('the first song clears it at once and the timer is dropped', async () => {
    const { clock, screen, drawn } = setup();
    await screen.session(summary('s1'), GATEWAY_T0);
    await screen.songStarted();
    assert.equal(drawn(), null);
    assert.equal(screen.view().reason, 'songStarted');
    assert.equal(clock.pendingTimers, 0);
  });

  it('shows the package and the booked time the session carries', async () => {
    const { screen, drawn } = setup();
    await screen.session(summary('s1', { packageName: '欢唱套餐', plannedEndAt: GATEWAY_T0 + 3 * H }), GATEWAY_T0);
    assert.match(drawn() ?? '', /套餐：欢唱套餐/);
    assert.match(drawn() ?? '', /预订时长：3 小时/);
    assert.deepEqual(screen.view().text?.details, ['套餐：欢唱套餐', '预订时长：3 小时']);
  });

  it('in English when the screen language is en', async () => {
    const { screen, drawn } = setup({ lang: 'en' });
    await screen.session(summary('s1'), GATEWAY_T0);
    assert.match(drawn() ?? '', /Welcome/);
    assert.doesNotMatch(drawn() ?? '', /欢迎光临/);
  });

  it('the store setting: 40 s keeps it up past 15 s; 0 never draws it', async () => {
    const long = setup({ seconds: 40 });
    await long.screen.session(summary('s1'), GATEWAY_T0);
    long.clock.advance(39_000);
    assert.notEqual(long.drawn(), null);
    long.clock.advance(1_000);
    await long.screen.stop();
    assert.equal(long.drawn(), null);

    const off = setup({ seconds: 0 });
    await off.screen.session(summary('s1'), GATEWAY_T0);
    assert.equal(off.drawn(), null);
    assert.equal(off.screen.view().reason, 'disabled');
  });

  it('a room box restarted 5 s after 开房 shows the remaining 10 s; mid-song, nothing', async () => {
    const late = setup();
    await late.screen.session(summary('s1'), GATEWAY_T0 + 5_000);
    assert.notEqual(late.drawn(), null);
    assert.equal(late.screen.view().until, late.clock.now() + 10_000);
    late.clock.advance(10_000);
    await late.screen.stop();
    assert.equal(late.drawn(), null);

    const singing = setup({ playing: true });
    await singing.screen.session(summary('s1'), GATEWAY_T0 + 5_000);
    assert.equal(singing.drawn(), null);
    assert.equal(singing.screen.view().reason, 'songPlaying');
  });

  it('updates of the running session do not redraw it; checkout removes it', async () => {
    const calls: (Overlay | null)[] = [];
    const clock = new FakeClock();
    const sim = new SimPlayer({ clock, durationOf: () => 1000 });
    const counting: PlayerPort = Object.assign(Object.create(sim) as PlayerPort, {
      setOverlay: (id: OverlayId, o: Overlay | null) => {
        calls.push(o);
        return sim.setOverlay(id, o);
      },
    });
    const { screen, drawn } = setup({ player: counting });
    await screen.session(summary('s1'), GATEWAY_T0);
    await screen.session(summary('s1', { ordersFen: 3800 }), GATEWAY_T0 + 2000);
    assert.equal(calls.length, 1);
    await screen.session(null, GATEWAY_T0 + 3000);
    assert.equal(drawn(), null);
    assert.equal(calls.length, 2);
    assert.equal(screen.view().reason, 'sessionClosed');
  });

  it('a player that refuses the overlay is logged, not thrown; the hide still goes out', async () => {
    const clock = new FakeClock();
    const sim = new SimPlayer({ clock, durationOf: () => 1000 });
    let refuse = true;
    const flaky: PlayerPort = Object.assign(Object.create(sim) as PlayerPort, {
      setOverlay: async (id: OverlayId, o: Overlay | null) => {
        if (refuse) throw new Error('mpv: error running command');
        await sim.setOverlay(id, o);
      },
    });
    const { screen } = setup({ player: flaky });
    await screen.session(summary('s1'), GATEWAY_T0);
    refuse = false;
    await sim.setOverlay(WELCOME_OVERLAY_ID, { ass: 'left over', resX: 1, resY: 1 });
    await screen.songStarted();
    assert.equal(sim.overlay(WELCOME_OVERLAY_ID), null);
  });

  it('stop removes a shown welcome (a stopping agent leaves nothing on the TV)', async () => {
    const { clock, screen, drawn } = setup();
    await screen.session(summary('s1'), GATEWAY_T0);
    await screen.stop();
    assert.equal(drawn(), null);
    assert.equal(clock.pendingTimers, 0);
  });
});
