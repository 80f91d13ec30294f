import { api } from './api.js';
import { byId, setText } from './dom.js';
import { t } from './i18n.js';
import { report } from './toast.js';
import type { PlayerView, StateView, VolumeView } from './types.js';

const SEND_EVERY_MS = 100;
/** After the guest moved a slider, state pushes leave it alone this long (their answer is on its way). */
const HOLD_MS = 600;

interface SliderSpec {
  id: 'music-volume' | 'mic-volume';
  output: string;
  field: 'music' | 'mic';
}
const SLIDERS: SliderSpec[] = [
  { id: 'music-volume', output: 'music-value', field: 'music' },
  { id: 'mic-volume', output: 'mic-value', field: 'mic' },
];
const touchedAt = new Map<string, number>();
const dragging = new Set<string>();

function renderSlider(spec: SliderSpec, volume: VolumeView): void {
  const input = byId<HTMLInputElement>(spec.id);
  if (spec.field === 'music') input.max = String(volume.musicMax);
  const held = dragging.has(spec.id) || Date.now() - (touchedAt.get(spec.id) ?? 0) < HOLD_MS;
  const value = String(volume[spec.field]);
  if (!held && input.value !== value) input.value = value;
  setText(byId(spec.output), held ? input.value : value);
}

/** The control bar: 切歌 重唱 暂停/播放 原唱/伴唱, volume sliders, 静音. */
export function renderControls(state: StateView | undefined): void {
  const player: PlayerView | undefined = state?.player;
  const playing = player?.current != null;
  setText(byId('skip'), t('touch.skip'));
  setText(byId('replay'), t('touch.replay'));
  const pause = byId<HTMLButtonElement>('pause');
  const paused = player?.paused ?? false;
  pause.dataset.paused = String(paused);
  setText(pause, t(paused ? 'touch.resume' : 'touch.pause'));
  const vocals = byId<HTMLButtonElement>('vocals');
  vocals.dataset.mode = player?.vocalMode ?? 'vocalsOn';
  for (const seg of vocals.querySelectorAll<HTMLElement>('[data-seg]')) {
    setText(seg, t(seg.dataset.seg === 'vocalsOff' ? 'touch.vocalsOff' : 'touch.vocalsOn'));
  }
  for (const id of ['skip', 'replay', 'pause', 'vocals']) byId<HTMLButtonElement>(id).disabled = !playing;
  setText(byId('music-label'), t('touch.musicVolume'));
  setText(byId('mic-label'), t('touch.micVolume'));
  const mute = byId('mute');
  const muted = state?.volume?.muted ?? false;
  mute.dataset.muted = String(muted);
  setText(mute, t(muted ? 'touch.unmute' : 'touch.mute'));
  if (state?.volume) for (const spec of SLIDERS) renderSlider(spec, state.volume);
}

function wireSlider(spec: SliderSpec): void {
  const input = byId<HTMLInputElement>(spec.id);
  let lastSent = 0;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  const send = async () => {
    lastSent = Date.now();
    touchedAt.set(spec.id, lastSent);
    report(await api.volume({ [spec.field]: Number(input.value) }));
  };
  input.addEventListener('pointerdown', () => dragging.add(spec.id));
  for (const end of ['pointerup', 'pointercancel'] as const)
    input.addEventListener(end, () => dragging.delete(spec.id));
  input.addEventListener('input', () => {
    touchedAt.set(spec.id, Date.now());
    setText(byId(spec.output), input.value);
    if (trailing) clearTimeout(trailing);
    const wait = SEND_EVERY_MS - (Date.now() - lastSent);
    if (wait <= 0) void send();
    else trailing = setTimeout(() => void send(), wait);
  });
  input.addEventListener('change', () => {
    dragging.delete(spec.id);
    if (trailing) clearTimeout(trailing);
    void send();
  });
}

export function wireControls(getState: () => StateView | undefined): void {
  byId('skip').addEventListener('click', async () => void report(await api.skip()));
  byId('replay').addEventListener('click', async () => void report(await api.replay()));
  byId('pause').addEventListener(
    'click',
    async () => void report(await api.pause(!(getState()?.player?.paused ?? false))),
  );
  byId('vocals').addEventListener('click', async () => {
    const mode = getState()?.player?.vocalMode === 'vocalsOff' ? 'vocalsOn' : 'vocalsOff';
    report(await api.vocals(mode));
  });
  byId('mute').addEventListener(
    'click',
    async () => void report(await api.volume({ muted: !(getState()?.volume?.muted ?? false) })),
  );
  for (const spec of SLIDERS) wireSlider(spec);
}
