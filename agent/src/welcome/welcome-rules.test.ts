import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  initialWelcomeState,
  isShown,
  stepWelcome,
  type WelcomeContext,
  type WelcomeInput,
  type WelcomeReason,
} from './welcome-rules.js';

const S = 1000;
const T0 = 1_700_000_000_000;
const at = (seconds: number) => T0 + seconds * S;
const session = (id: string | null, s: number, ageS = 0): WelcomeInput => ({
  kind: 'session',
  sessionId: id,
  ageMs: ageS * S,
  at: at(s),
});
const song = (s: number): WelcomeInput => ({ kind: 'songStarted', at: at(s) });
const tick = (s: number): WelcomeInput => ({ kind: 'tick', at: at(s) });

interface Step {
  input: WelcomeInput;
  /** The context for this input; default: 15 s, no song playing. */
  context?: Partial<WelcomeContext>;
}

interface Case {
  name: string;
  steps: Step[];
  shown: boolean;
  /** Seconds after T0 the screen is shown until (when shown). */
  untilS?: number;
  reason: WelcomeReason;
  sessionId: string | null;
}

const step = (input: WelcomeInput, context?: Partial<WelcomeContext>): Step =>
  context ? { input, context } : { input };

const cases: Case[] = [
  { name: 'nothing heard: not shown', steps: [], shown: false, reason: 'none', sessionId: null },
  {
    name: '开房: shown for the welcome time',
    steps: [step(session('s1', 0))],
    shown: true,
    untilS: 15,
    reason: 'sessionOpened',
    sessionId: 's1',
  },
  {
    name: 'the store set 40 s',
    steps: [step(session('s1', 0), { durationMs: 40 * S })],
    shown: true,
    untilS: 40,
    reason: 'sessionOpened',
    sessionId: 's1',
  },
  {
    name: 'the store set 0 s: never shown',
    steps: [step(session('s1', 0), { durationMs: 0 })],
    shown: false,
    reason: 'disabled',
    sessionId: 's1',
  },
  {
    name: 'still shown one moment before the time is up',
    steps: [step(session('s1', 0)), step(tick(14.999))],
    shown: true,
    untilS: 15,
    reason: 'sessionOpened',
    sessionId: 's1',
  },
  {
    name: 'hidden when the time is up',
    steps: [step(session('s1', 0)), step(tick(15))],
    shown: false,
    reason: 'timeUp',
    sessionId: 's1',
  },
  {
    name: 'the first song hides it at once',
    steps: [step(session('s1', 0)), step(song(3))],
    shown: false,
    reason: 'songStarted',
    sessionId: 's1',
  },
  {
    name: 'a second song does not bring it back',
    steps: [step(session('s1', 0)), step(song(3)), step(song(8)), step(tick(9))],
    shown: false,
    reason: 'songStarted',
    sessionId: 's1',
  },
  {
    name: 'an update of the same session (an order, 续钟) changes nothing',
    steps: [step(session('s1', 0)), step(session('s1', 5, 5))],
    shown: true,
    untilS: 15,
    reason: 'sessionOpened',
    sessionId: 's1',
  },
  {
    name: 'an update of the same session after the first song does not show it again',
    steps: [step(session('s1', 0)), step(song(2)), step(session('s1', 4, 4))],
    shown: false,
    reason: 'songStarted',
    sessionId: 's1',
  },
  {
    name: 'an update of the same session past the time hides it (no timer ran)',
    steps: [step(session('s1', 0)), step(session('s1', 20, 20))],
    shown: false,
    reason: 'timeUp',
    sessionId: 's1',
  },
  {
    name: 'checkout during the welcome hides it',
    steps: [step(session('s1', 0)), step(session(null, 6))],
    shown: false,
    reason: 'sessionClosed',
    sessionId: null,
  },
  {
    name: 'checkout after it was gone keeps the reason it went',
    steps: [step(session('s1', 0)), step(song(2)), step(session(null, 600))],
    shown: false,
    reason: 'songStarted',
    sessionId: null,
  },
  {
    name: 'a quick turnover: the next guests are welcomed too',
    steps: [step(session('s1', 0)), step(song(2)), step(session('s2', 3600))],
    shown: true,
    untilS: 3615,
    reason: 'sessionOpened',
    sessionId: 's2',
  },
  {
    name: 'heard 5 s after 开房 (the box restarted): the remaining 10 s',
    steps: [step(session('s1', 100, 5))],
    shown: true,
    untilS: 110,
    reason: 'sessionOpened',
    sessionId: 's1',
  },
  {
    name: 'heard an hour into the session (the box came online late): not shown',
    steps: [step(session('s1', 100, 3600))],
    shown: false,
    reason: 'tooLate',
    sessionId: 's1',
  },
  {
    name: 'heard exactly at the end of the welcome time: not shown',
    steps: [step(session('s1', 100, 15))],
    shown: false,
    reason: 'tooLate',
    sessionId: 's1',
  },
  {
    name: 'an opening stamped after the command (gateway clock step): the whole time, no more',
    steps: [step(session('s1', 100, -30))],
    shown: true,
    untilS: 115,
    reason: 'sessionOpened',
    sessionId: 's1',
  },
  {
    name: 'a song already playing when the session is heard (restart mid-song): not shown',
    steps: [step(session('s1', 100, 5), { songPlaying: true })],
    shown: false,
    reason: 'songPlaying',
    sessionId: 's1',
  },
  {
    name: 'a song with no session shown changes nothing',
    steps: [step(song(1))],
    shown: false,
    reason: 'none',
    sessionId: null,
  },
];

describe('welcome screen rules (table)', () => {
  for (const c of cases) {
    it(c.name, () => {
      let state = initialWelcomeState();
      for (const s of c.steps) {
        state = stepWelcome(state, s.input, { durationMs: 15 * S, songPlaying: false, ...s.context });
      }
      assert.equal(isShown(state), c.shown, 'shown');
      assert.equal(state.reason, c.reason, 'reason');
      assert.equal(state.sessionId, c.sessionId, 'session');
      if (c.shown) assert.equal(state.shownUntil, at(c.untilS ?? Number.NaN), 'until');
    });
  }

  it('is pure: the input state is not changed', () => {
    const before = stepWelcome(initialWelcomeState(), session('s1', 0), { durationMs: 15 * S, songPlaying: false });
    const copy = structuredClone(before);
    stepWelcome(before, song(1), { durationMs: 15 * S, songPlaying: false });
    stepWelcome(before, tick(20), { durationMs: 15 * S, songPlaying: false });
    assert.deepEqual(before, copy);
  });
});
