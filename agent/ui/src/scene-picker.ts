/**
 * The ambience scene picker (气氛灯 / 灯光模式): four large buttons 明亮 柔和 派对 浪漫 in the queue
 * panel. A tap asks the agent (`POST /api/power/scene`), which switches the lights; the buttons
 * follow the room's power state as the agent reports it. Without a session the buttons are off
 * and a note says why. Hooks: `#scene-picker` (`data-in-use`, `data-scene`: the look shown now),
 * its buttons `[data-scene="bright|soft|party|romantic"]` with `aria-pressed`.
 */
import type { MessageKey } from '@ktv/protocol';
import { byId, h, setText } from './dom.js';
import { t } from './i18n.js';
import { toast } from './toast.js';

export interface PowerView {
  on: boolean;
  scene: string;
  inUse: boolean;
  guestScene: string | null;
  fault: string | null;
}

const SCENE_KEYS: Record<string, MessageKey> = {
  welcome: 'power.scene.welcome',
  bright: 'power.scene.bright',
  soft: 'power.scene.soft',
  party: 'power.scene.party',
  romantic: 'power.scene.romantic',
  cleaning: 'power.scene.cleaning',
  off: 'power.scene.off',
};

/** The guests' scenes, in the order of the buttons (protocol GUEST_SCENES; the page imports no runtime code from it). */
const GUEST_SCENES = ['bright', 'soft', 'party', 'romantic'] as const;

let last: PowerView | undefined;

function build(panel: HTMLElement): void {
  if (panel.childElementCount > 0) return;
  panel.append(
    h('p', { class: 'panel-title', id: 'scene-title' }),
    h(
      'div',
      { class: 'scene-buttons' },
      ...GUEST_SCENES.map((scene) => h('button', { type: 'button', 'data-scene': scene, 'aria-pressed': 'false' })),
    ),
    h('p', { class: 'muted', id: 'scene-note' }),
  );
  panel.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-scene]');
    if (!button || button.disabled) return;
    void pick(button.dataset.scene ?? '');
  });
}

async function pick(scene: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/api/power/scene', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scene }),
    });
  } catch {
    toast(t('power.scene.failed', { reason: t('touch.error.network') }));
    return;
  }
  if (res.ok) {
    renderScenePicker((await res.json()) as PowerView);
    return;
  }
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  toast(
    body.code === 'KTV_E_POWER_NOT_IN_USE'
      ? t('power.scene.notInUse')
      : t('power.scene.failed', { reason: body.code ?? String(res.status) }),
  );
}

/** Shows the room's power state (from each state push, and from a pick's answer). */
export function renderScenePicker(power: PowerView | undefined): void {
  const panel = byId('scene-picker');
  if (power) last = power;
  const p = last;
  panel.hidden = p === undefined;
  if (!p) return;
  build(panel);
  panel.dataset.inUse = String(p.inUse);
  panel.dataset.scene = p.scene;
  setText(byId('scene-title'), `${t('power.scene.title')} · ${t(SCENE_KEYS[p.scene] ?? 'power.scene.off')}`);
  for (const button of panel.querySelectorAll<HTMLButtonElement>('button[data-scene]')) {
    const scene = button.dataset.scene ?? '';
    setText(button, t(SCENE_KEYS[scene] ?? 'power.scene.off'));
    button.disabled = !p.inUse;
    button.setAttribute('aria-pressed', String(p.inUse && p.scene === scene));
  }
  const note = p.fault ? t('power.scene.fault', { device: p.fault }) : p.inUse ? '' : t('power.scene.notInUse');
  setText(byId('scene-note'), note);
}
