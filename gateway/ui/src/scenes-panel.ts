import type { MessageKey, SceneSettings } from '@ktv/protocol';
import { el, panelTitle } from './dom.js';
import { currentLang, t } from './i18n.js';
import {
  bodyFrom,
  type Draft,
  type DraftScene,
  draftFrom,
  fieldFor,
  type Level,
  levelFrom,
  refusalOf,
} from './scenes-draft.js';

/** Catalog keys of the names the page knows; a store's own channel or scene shows its raw name. */
const SCENE_KEYS: Record<string, MessageKey> = {
  welcome: 'power.scene.welcome',
  bright: 'power.scene.bright',
  soft: 'power.scene.soft',
  party: 'power.scene.party',
  romantic: 'power.scene.romantic',
  cleaning: 'power.scene.cleaning',
  off: 'power.scene.off',
};
const CHANNEL_KEYS: Record<string, MessageKey> = {
  main: 'admin.scenes.channel.main',
  red: 'admin.scenes.channel.red',
  green: 'admin.scenes.channel.green',
  blue: 'admin.scenes.channel.blue',
  white: 'admin.scenes.channel.white',
  strobe: 'admin.scenes.channel.strobe',
};
const named = (keys: Record<string, MessageKey>, name: string) => {
  const key = keys[name];
  return key ? t(key) : name;
};
const timeText = (ms: number) => new Date(ms).toLocaleString(currentLang());
/** DOM ids from JSON pointers: `/scenes/party/levels/main` -> `scenes-f-scenes-party-levels-main`. */
const idOf = (pointer: string) => `scenes-f${pointer.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * The room power settings on the admin page (灯光与电源, issue #9): the idle time, the welcome
 * time and every light scene (channel levels as slider + number, relays as switches, the beat of
 * the party look) from GET /api/scenes; 保存 PUTs them all; the saved version shows; a refusal of
 * the API (its schema path) shows next to its field and the form keeps what was typed.
 * Collapsed until opened. DOM hooks: `#scenes-tab` (opens it), `#scenes-panel` (data-loaded,
 * data-version, data-state idle|saving|saved|refused|failed), fields by `data-pointer` (the JSON
 * pointer in the PUT body: `/idleMinutes`, `/scenes/party/levels/main`, ...), `#scenes-save`,
 * `.scenes-field-error[data-for=POINTER]`, `#scenes-status`.
 */
export interface ScenesPanel {
  render(): void;
  /** Takes a `scenes` message from the admin websocket (a save made anywhere); false for others. */
  onLive(message: { type: string }): boolean;
}

export function startScenesPanel(): ScenesPanel {
  if (!document.querySelector('link[href="/scenes.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/scenes.css' }));
  }
  const section = el('section', { id: 'scenes-panel', 'data-loaded': 'false', 'data-state': 'idle' });
  document.querySelector('#desk-view')?.append(section);
  let open = false;
  let saved: SceneSettings | undefined;
  let draft: Draft | undefined;
  let justSaved = false;
  let saving = false;
  let loadError: string | undefined;
  /** The API's refusal: the field (JSON pointer, '' for the whole form) and its reason. */
  let refusal: { field: string; reason: string } | undefined;
  /** Every field the form shows, by pointer: where a refusal goes. */
  let fields: string[] = [];
  /** Typed since the last load or save: reopening the panel keeps it instead of reloading. */
  let dirty = false;
  /** A version saved elsewhere (another admin) while this form holds typed changes. */
  let newer: number | undefined;
  const edited = () => {
    justSaved = false;
    dirty = true;
  };

  async function load(): Promise<void> {
    section.dataset.loaded = 'false';
    loadError = undefined;
    try {
      const res = await fetch('/api/scenes');
      const body = (await res.json()) as { settings?: SceneSettings; code?: string; message?: string };
      if (!res.ok || !body.settings) {
        loadError = body.message ?? body.code ?? String(res.status);
      } else {
        saved = body.settings;
        draft = draftFrom(saved);
        dirty = false;
        refusal = undefined;
        newer = undefined;
      }
    } catch (e) {
      loadError = String(e);
    }
    render();
    section.dataset.loaded = 'true';
  }

  async function save(): Promise<void> {
    if (!draft || saving) return;
    saving = true;
    justSaved = false;
    refusal = undefined;
    render();
    try {
      const res = await fetch('/api/scenes', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bodyFrom(draft)),
      });
      const body = (await res.json()) as { settings?: SceneSettings; code?: string; message?: string };
      if (res.ok && body.settings) {
        saved = body.settings;
        draft = draftFrom(saved);
        dirty = false;
        justSaved = true;
        newer = undefined;
      } else {
        const { pointer, reason } = refusalOf(body.message ?? body.code ?? String(res.status));
        refusal = { field: fieldFor(pointer, fields), reason };
      }
    } catch (e) {
      refusal = { field: '', reason: String(e) };
    }
    saving = false;
    render();
  }

  /** A large number field bound to the draft; `write` stores what is typed. */
  function numberField(pointer: string, value: Level, min: number, max: number, write: (v: Level) => void) {
    const input = el('input', {
      id: idOf(pointer),
      type: 'number',
      inputmode: 'numeric',
      min: String(min),
      max: String(max),
      step: '1',
      'data-pointer': pointer,
      value: value === null || Number.isNaN(value) ? '' : String(value),
    });
    if (refusal?.field === pointer) {
      input.classList.add('refused');
      input.setAttribute('aria-invalid', 'true');
    }
    input.addEventListener('input', () => {
      edited();
      write(levelFrom(input.value));
    });
    fields.push(pointer);
    return input;
  }

  /** The refusal's message when it belongs to this field. */
  function errorFor(pointer: string): HTMLElement[] {
    if (!refusal || refusal.field !== pointer) return [];
    return [
      el(
        'p',
        { class: 'scenes-field-error', role: 'alert', 'data-for': pointer },
        t('admin.scenes.fieldRefused', { reason: refusal.reason }),
      ),
    ];
  }

  /** One channel: a slider and its number, kept together. */
  function levelRow(pointer: string, channel: string, levels: Record<string, Level>): HTMLElement {
    const row = el('div', { class: 'scenes-level' });
    const value = levels[channel] ?? 0;
    const slider = el('input', {
      type: 'range',
      min: '0',
      max: '255',
      step: '1',
      value: String(value ?? 0),
      'aria-label': named(CHANNEL_KEYS, channel),
      'data-slider-for': pointer,
    });
    const number = numberField(pointer, value, 0, 255, (v) => {
      levels[channel] = v;
      if (v !== null && Number.isFinite(v)) slider.value = String(v);
    });
    slider.addEventListener('input', () => {
      edited();
      levels[channel] = Number(slider.value);
      number.value = slider.value;
    });
    row.append(el('label', { for: idOf(pointer) }, named(CHANNEL_KEYS, channel)), slider, number, ...errorFor(pointer));
    return row;
  }

  function levelsBlock(pointer: string, title: MessageKey, channels: string[], levels: Record<string, Level>) {
    const box = el('div', { class: 'scenes-levels', 'data-pointer-group': pointer });
    box.append(el('h4', {}, t(title)));
    if (channels.length === 0) box.append(el('p', { class: 'muted' }, t('admin.scenes.noChannels')));
    for (const c of channels) box.append(levelRow(`${pointer}/${c}`, c, levels));
    box.append(...errorFor(pointer));
    fields.push(pointer);
    return box;
  }

  function switchField(pointer: string, label: string, on: boolean, write: (v: boolean) => void) {
    const input = el('input', { id: idOf(pointer), type: 'checkbox', role: 'switch', 'data-pointer': pointer });
    input.checked = on;
    input.addEventListener('change', () => {
      edited();
      write(input.checked);
    });
    fields.push(pointer);
    const wrap = el('label', { class: 'scenes-switch', for: idOf(pointer) });
    wrap.append(input, el('span', {}, label));
    return [wrap, ...errorFor(pointer)];
  }

  function sceneBlock(d: Draft, name: string, s: DraftScene): HTMLElement {
    const base = `/scenes/${name}`;
    fields.push(base);
    const box = el('fieldset', { class: 'scenes-scene', 'data-scene': name });
    box.append(el('legend', {}, named(SCENE_KEYS, name)), ...errorFor(base));
    box.append(levelsBlock(`${base}/levels`, 'admin.scenes.levels', d.channels, s.levels));
    if (d.relays.length > 0) {
      const relays = el('div', { class: 'scenes-relays' });
      relays.append(el('h4', {}, t('admin.scenes.relays')));
      for (const r of d.relays) {
        relays.append(
          ...switchField(`${base}/relays/${r}`, r, s.relays[r] ?? false, (v) => {
            s.relays[r] = v;
          }),
        );
      }
      box.append(relays);
    }
    if (name !== 'off') {
      box.append(
        ...switchField(`${base}/beat`, t('admin.scenes.beat'), s.beat.on, (v) => {
          s.beat.on = v;
          render();
        }),
      );
      if (s.beat.on) {
        const hold = el('div', { class: 'scenes-number' });
        const p = `${base}/beat/holdPct`;
        hold.append(
          el('label', { for: idOf(p) }, t('admin.scenes.holdPct')),
          numberField(p, s.beat.holdPct, 5, 95, (v) => {
            s.beat.holdPct = v;
          }),
          ...errorFor(p),
        );
        box.append(hold, levelsBlock(`${base}/beat/levels`, 'admin.scenes.beatLevels', d.channels, s.beat.levels));
      }
    }
    return box;
  }

  function form(d: Draft): HTMLElement {
    fields = [''];
    // No browser range check (its bubble is in the browser's language, not the catalog's): the API checks and its refusal shows at the field.
    const f = el('form', { class: 'scenes-form', novalidate: '' });
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      void save();
    });
    const times = el('div', { class: 'scenes-times' });
    const timeField = (pointer: string, label: MessageKey, hint: MessageKey, input: HTMLInputElement) => {
      const box = el('div', { class: 'scenes-number' });
      box.append(
        el('label', { for: input.id }, t(label)),
        input,
        el('p', { class: 'muted' }, t(hint)),
        ...errorFor(pointer),
      );
      return box;
    };
    times.append(
      timeField(
        '/idleMinutes',
        'admin.scenes.idleMinutes',
        'admin.scenes.idleHint',
        numberField('/idleMinutes', d.idleMinutes, 1, 1440, (v) => {
          d.idleMinutes = v;
        }),
      ),
      timeField(
        '/welcomeSeconds',
        'admin.scenes.welcomeSeconds',
        'admin.scenes.welcomeHint',
        numberField('/welcomeSeconds', d.welcomeSeconds, 0, 600, (v) => {
          d.welcomeSeconds = v;
        }),
      ),
    );
    const welcome = times.querySelector<HTMLInputElement>('[data-pointer="/welcomeSeconds"]');
    if (welcome) welcome.placeholder = '15';
    f.append(times);
    const scenes = el('div', { class: 'scenes-list' });
    for (const [name, s] of Object.entries(d.scenes)) scenes.append(sceneBlock(d, name, s));
    f.append(scenes);
    const bar = el('div', { class: 'scenes-bar' });
    const button = el(
      'button',
      { id: 'scenes-save', type: 'submit' },
      t(saving ? 'admin.scenes.saving' : 'admin.scenes.save'),
    );
    if (saving) button.disabled = true;
    bar.append(button, status(), ...errorFor(''));
    f.append(bar);
    return f;
  }

  function status(): HTMLElement {
    const p = el('p', { id: 'scenes-status', role: 'status' });
    if (!saved) return p;
    const params = { version: saved.version, time: timeText(saved.updatedAt) };
    p.textContent = t(justSaved ? 'admin.scenes.saved' : 'admin.scenes.current', params);
    if (refusal) {
      p.textContent = t('admin.scenes.refused', { reason: refusal.reason });
      p.className = 'scenes-refused';
    }
    if (newer !== undefined) {
      p.append(el('br'), el('strong', { id: 'scenes-newer' }, t('admin.scenes.newer', { version: newer })));
    }
    return p;
  }

  /** Another admin saved: an untouched form shows the new version; typed changes stay, with a note. */
  function savedElsewhere(version: number): void {
    // This page's own save (its answer may come after the push), or older news.
    if (saving || (saved && version <= saved.version)) return;
    if (dirty) {
      newer = version;
      render();
    } else if (open) {
      void load();
    } // closed and untouched: opening the panel loads the newest version anyway
  }

  function render(): void {
    const d = section.dataset;
    d.version = saved ? String(saved.version) : '';
    d.newer = newer === undefined ? '' : String(newer);
    d.state = loadError ? 'failed' : saving ? 'saving' : refusal ? 'refused' : justSaved ? 'saved' : 'idle';
    const title = panelTitle('scenes-tab', t('admin.scenes.title'), open, () => {
      open = !open;
      render();
      if (open && !dirty) void load();
    });
    // Re-rendering keeps the focus where the owner was (the language switch, a beat switch).
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.pointer : undefined;
    section.replaceChildren(title);
    if (!open) return;
    if (loadError) {
      section.append(
        el('p', { class: 'scenes-refused', role: 'alert' }, t('admin.scenes.failed', { reason: loadError })),
      );
    }
    if (draft) section.append(form(draft));
    if (focused) section.querySelector<HTMLElement>(`[data-pointer="${CSS.escape(focused)}"]`)?.focus();
  }

  render();
  return {
    render,
    onLive(message) {
      if (message.type !== 'scenes') return false;
      savedElsewhere((message as unknown as { version: number }).version);
      return true;
    },
  };
}
