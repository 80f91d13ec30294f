/**
 * When the TV shows the welcome screen (issue #9), pure: the session the gateway describes, the
 * first song and the clock in; shown or hidden, and until when, out. No I/O, no clock of its own:
 * every input carries its time (the agent's clock).
 *
 * - A session the room has not seen before (开房, or a quick turnover to the next guests) shows it
 *   for the welcome time, counted from the session's opening by the gateway's own clock: a room box
 *   that restarts 5 s after 开房 hears the session again on coming online and shows the remaining
 *   10 s; one that comes online an hour into a session shows nothing.
 * - Updates of the same session (orders, 续钟) change nothing.
 * - The first song hides it at once (its lyrics are never covered); so does a song already playing
 *   when the session is heard (the room box came back mid-song).
 * - The end of the welcome time, or the end of the session, hides it.
 */

export type WelcomeReason =
  | 'none'
  | 'sessionOpened'
  | 'songStarted'
  | 'songPlaying'
  | 'timeUp'
  | 'tooLate'
  | 'disabled'
  | 'sessionClosed';

export interface WelcomeState {
  /** The session last heard of (null: none runs). */
  sessionId: string | null;
  /** Shown until then (agent clock, ms); null: not shown. */
  shownUntil: number | null;
  /** Why it is shown or hidden. */
  reason: WelcomeReason;
}

export type WelcomeInput =
  /**
   * `session.update`: the running session's id (null: none), and how long ago the gateway opened
   * it by the gateway's clock (the command's `at` minus the session's `openedAt`).
   */
  | { kind: 'session'; sessionId: string | null; ageMs: number; at: number }
  | { kind: 'songStarted'; at: number }
  | { kind: 'tick'; at: number };

/** What the decision needs besides the input: the store's welcome time and whether a song plays now. */
export interface WelcomeContext {
  /** The welcome time (ms); 0 disables the welcome screen. */
  durationMs: number;
  songPlaying: boolean;
}

export const initialWelcomeState = (): WelcomeState => ({ sessionId: null, shownUntil: null, reason: 'none' });

export function isShown(state: WelcomeState): boolean {
  return state.shownUntil !== null;
}

const hidden = (state: WelcomeState, reason: WelcomeReason): WelcomeState => ({
  ...state,
  shownUntil: null,
  reason,
});

/** Hides the welcome screen once its time is up. */
function expire(state: WelcomeState, at: number): WelcomeState {
  if (state.shownUntil === null || at < state.shownUntil) return state;
  return hidden(state, 'timeUp');
}

export function stepWelcome(state: WelcomeState, input: WelcomeInput, context: WelcomeContext): WelcomeState {
  switch (input.kind) {
    case 'session': {
      if (input.sessionId === state.sessionId) return expire(state, input.at);
      if (input.sessionId === null) {
        return { sessionId: null, shownUntil: null, reason: isShown(state) ? 'sessionClosed' : state.reason };
      }
      const next = { ...state, sessionId: input.sessionId };
      if (context.durationMs <= 0) return hidden(next, 'disabled');
      if (context.songPlaying) return hidden(next, 'songPlaying');
      const remainingMs = context.durationMs - Math.max(0, input.ageMs);
      if (remainingMs <= 0) return hidden(next, 'tooLate');
      return { ...next, shownUntil: input.at + remainingMs, reason: 'sessionOpened' };
    }
    case 'songStarted':
      return isShown(state) ? hidden(state, 'songStarted') : state;
    case 'tick':
      return expire(state, input.at);
  }
}
