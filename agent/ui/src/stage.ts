import { byId, clock, setText } from './dom.js';
import { t } from './i18n.js';
import type { PlayerView } from './types.js';

/** The lyric band: current and next line (big, like the TV), progress, and the 公播 badge. */
export function renderStage(player: PlayerView | undefined): void {
  const stage = byId('stage');
  const background = player?.background ?? false;
  stage.dataset.background = String(background);
  const badge = byId('bg-badge');
  badge.hidden = !background;
  setText(badge, t('touch.background'));
  setText(byId('lyric-current'), player?.lyrics.current ?? '');
  setText(byId('lyric-next'), player?.lyrics.next ?? '');
  const duration = player?.durationMs ?? 0;
  const position = Math.min(player?.positionMs ?? 0, duration);
  const fill = byId('progress-fill');
  const width = duration > 0 ? `${((position / duration) * 100).toFixed(2)}%` : '0%';
  if (fill.style.width !== width) fill.style.width = width;
  setText(byId('progress-time'), duration > 0 ? `${clock(position)} / ${clock(duration)}` : '');
}
