import { type Lang, oneAtATime, type SessionSummary } from '@ktv/protocol';
import type { Logger } from 'pino';
import type { Overlay, PlayerPort } from '../player/player-port.js';
import type { Clock } from '../time/clock.js';
import { WELCOME_OVERLAY_ID, welcomeOverlay } from './welcome-overlay.js';
import {
  initialWelcomeState,
  isShown,
  stepWelcome,
  type WelcomeInput,
  type WelcomeReason,
  type WelcomeState,
} from './welcome-rules.js';
import { type WelcomeText, welcomeText } from './welcome-text.js';

/** The welcome time when the store's settings do not set one (s). */
export const DEFAULT_WELCOME_SECONDS = 15;

export interface WelcomeScreenOptions {
  player: PlayerPort;
  clock: Clock;
  lang: Lang;
  /** The room's name (agent config `roomName`). */
  roomName: string;
  /** The store's welcome time (s): `welcomeSeconds` of the scenes settings, pushed like `idleMinutes`. */
  welcomeSeconds: () => number;
  /** A guest's song is loaded now (公播 is not a song). */
  songPlaying: () => boolean;
  logger: Logger;
}

export interface WelcomeView {
  shown: boolean;
  /** Agent clock (ms). */
  until: number | null;
  reason: WelcomeReason;
  text: WelcomeText | null;
  /** What the player holds under the welcome overlay's id (null: nothing drawn). */
  overlay: Overlay | null;
}

/**
 * The TV's welcome screen at 开房: feeds the session and the first song to the pure rules, draws
 * or removes the player overlay to match, and hides it on the injected clock when its time is up.
 * Overlay changes go to the player one at a time, in order.
 */
export class WelcomeScreen {
  private state: WelcomeState = initialWelcomeState();
  private text: WelcomeText | null = null;
  /** What the player was last told ('unknown' after a failed call: the next change always goes out). */
  private applied: Overlay | null | 'unknown' = null;
  private cancelTimer: (() => void) | undefined;
  private running = true;
  private readonly serial = oneAtATime();
  private readonly log: Logger;

  constructor(private readonly o: WelcomeScreenOptions) {
    this.log = o.logger.child({ component: 'welcome' });
  }

  /** `session.update`: `sentAt` is the command's `at` (the gateway's clock, like the session's `openedAt`). */
  session(session: SessionSummary | null, sentAt: number): Promise<void> {
    const input: WelcomeInput = {
      kind: 'session',
      sessionId: session?.sessionId ?? null,
      ageMs: session ? sentAt - session.openedAt : 0,
      at: this.o.clock.now(),
    };
    const isNew = input.sessionId !== null && input.sessionId !== this.state.sessionId;
    if (isNew) this.text = welcomeText(this.o.lang, this.o.roomName, session);
    return this.input(input);
  }

  /** `song.started`: a guest's song begins; the welcome gives way to its lyrics. */
  songStarted(): Promise<void> {
    return this.input({ kind: 'songStarted', at: this.o.clock.now() });
  }

  view(): WelcomeView {
    return {
      shown: isShown(this.state),
      until: this.state.shownUntil,
      reason: this.state.reason,
      text: isShown(this.state) ? this.text : null,
      overlay: this.o.player.overlay(WELCOME_OVERLAY_ID),
    };
  }

  /** Removes the overlay (a stopping agent leaves nothing on the TV) and the timer. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.serial(() => this.draw(null));
  }

  private input(input: WelcomeInput): Promise<void> {
    if (!this.running) return Promise.resolve();
    const before = this.state;
    const seconds = this.o.welcomeSeconds();
    this.state = stepWelcome(before, input, {
      durationMs: Math.max(0, seconds) * 1000,
      songPlaying: this.o.songPlaying(),
    });
    if (this.state !== before && this.state.reason !== before.reason) {
      this.log.info(
        { shown: isShown(this.state), reason: this.state.reason, until: this.state.shownUntil, seconds },
        'welcome screen',
      );
    }
    this.armTimer();
    const wanted = isShown(this.state) && this.text ? welcomeOverlay(this.text) : null;
    return this.serial(() => this.draw(wanted));
  }

  private armTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const until = this.state.shownUntil;
    if (until === null) return;
    this.cancelTimer = this.o.clock.setTimeout(
      () => {
        this.cancelTimer = undefined;
        void this.input({ kind: 'tick', at: this.o.clock.now() });
      },
      Math.max(0, until - this.o.clock.now()),
    );
  }

  private async draw(overlay: Overlay | null): Promise<void> {
    if (this.applied !== 'unknown' && JSON.stringify(overlay) === JSON.stringify(this.applied)) return;
    try {
      await this.o.player.setOverlay(WELCOME_OVERLAY_ID, overlay);
      this.applied = overlay;
    } catch (e) {
      this.applied = 'unknown';
      // The mpv driver keeps the wanted overlay and draws it on its next process; log and go on.
      this.log.warn({ err: (e as Error).message, shown: overlay !== null }, 'welcome overlay not drawn');
    }
  }
}
