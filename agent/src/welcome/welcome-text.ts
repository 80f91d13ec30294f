import { type Lang, type SessionSummary, translate } from '@ktv/protocol';

/** What the welcome screen says, line by line, in the screen's language. */
export interface WelcomeText {
  /** 欢迎光临 */
  greeting: string;
  /** The room's name from the agent config (`roomName`). */
  room: string;
  /** What the session carries: its package (套餐) and its booked time (买钟), each when set. */
  details: string[];
  /** 祝您欢唱愉快 */
  closing: string;
}

/** 3 小时 / 45 分钟 / 2 小时 30 分钟 (rounded to the minute). */
export function formatBookedTime(lang: Lang, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return translate(lang, 'welcome.minutes', { m });
  if (m === 0) return translate(lang, 'welcome.hours', { h });
  return translate(lang, 'welcome.hoursMinutes', { h, m });
}

/**
 * The welcome screen's text for a session (pure). Only what `session.update` holds is shown: the
 * package name, and the booked time (planned end minus opening) when the session has one.
 */
export function welcomeText(lang: Lang, roomName: string, session: SessionSummary | null): WelcomeText {
  const details: string[] = [];
  if (session?.packageName) details.push(translate(lang, 'welcome.package', { name: session.packageName }));
  if (session && session.plannedEndAt !== null && session.plannedEndAt - session.openedAt >= 60_000) {
    details.push(
      translate(lang, 'welcome.booked', { duration: formatBookedTime(lang, session.plannedEndAt - session.openedAt) }),
    );
  }
  return {
    greeting: translate(lang, 'welcome.greeting'),
    room: roomName,
    details,
    closing: translate(lang, 'welcome.enjoy'),
  };
}
