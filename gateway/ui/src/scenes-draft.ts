import type { SceneSettings } from '@ktv/protocol';

/**
 * The room power settings as the admin page edits them (灯光与电源): a copy of GET /api/scenes the
 * form writes into, turned back into the PUT body. Pure: no DOM, no fetch. A field the owner
 * emptied is `null` and goes to the API as it is: the API's schema is the truth (Fastify's Ajv
 * coerces null to 0 where 0 is allowed, e.g. a light level, and refuses it elsewhere).
 */
export type Level = number | null;

export interface DraftScene {
  /** Every channel any scene names (a channel this scene left out shows as 0). */
  levels: Record<string, Level>;
  /** The channels this scene named when it was loaded: sent even at 0. */
  named: string[];
  relays: Record<string, boolean>;
  /** The relays this scene named when loaded: sent even when off. */
  namedRelays: string[];
  beat: { on: boolean; holdPct: Level; levels: Record<string, Level> };
}

export interface Draft {
  idleMinutes: Level;
  /** Absent in the settings: the rooms use 15 s; empty here means "leave it absent". */
  welcomeSeconds: Level;
  scenes: Record<string, DraftScene>;
  /** Channel and relay names across all scenes, in first-seen order. */
  channels: string[];
  relays: string[];
}

/** The body of PUT /api/scenes (gateway/src/settings/scene-settings.ts SceneSettingsInput), as sent. */
export interface ScenesBody {
  idleMinutes: Level;
  welcomeSeconds?: Level;
  scenes: Record<
    string,
    {
      levels: Record<string, Level>;
      relays: Record<string, boolean>;
      beat?: { levels: Record<string, Level>; holdPct: Level };
    }
  >;
}

const DEFAULT_HOLD_PCT = 30;

function union(lists: Iterable<string[]>): string[] {
  const seen: string[] = [];
  for (const list of lists) for (const name of list) if (!seen.includes(name)) seen.push(name);
  return seen;
}

/** The form's copy of saved settings. */
export function draftFrom(settings: SceneSettings): Draft {
  const scenes = Object.entries(settings.scenes);
  const channels = union(scenes.flatMap(([, s]) => [Object.keys(s.levels), Object.keys(s.beat?.levels ?? {})]));
  const relays = union(scenes.map(([, s]) => Object.keys(s.relays ?? {})));
  const all = (levels: Record<string, number>) =>
    Object.fromEntries(channels.map((c) => [c, levels[c] ?? 0])) as Record<string, Level>;
  const draft: Draft = {
    idleMinutes: settings.idleMinutes,
    welcomeSeconds: settings.welcomeSeconds ?? null,
    scenes: {},
    channels,
    relays,
  };
  for (const [name, s] of scenes) {
    draft.scenes[name] = {
      levels: all(s.levels),
      named: Object.keys(s.levels),
      relays: Object.fromEntries(relays.map((r) => [r, s.relays?.[r] ?? false])),
      namedRelays: Object.keys(s.relays ?? {}),
      beat: {
        on: s.beat !== undefined,
        holdPct: s.beat?.holdPct ?? DEFAULT_HOLD_PCT,
        levels: all(s.beat?.levels ?? {}),
      },
    };
  }
  return draft;
}

/** The PUT body: a channel goes when the scene named it or it is not 0 now; the same for relays. */
export function bodyFrom(draft: Draft): ScenesBody {
  const body: ScenesBody = { idleMinutes: draft.idleMinutes, scenes: {} };
  if (draft.welcomeSeconds !== null) body.welcomeSeconds = draft.welcomeSeconds;
  for (const [name, s] of Object.entries(draft.scenes)) {
    const levels: Record<string, Level> = {};
    for (const c of draft.channels) {
      const v = s.levels[c] ?? 0;
      if (s.named.includes(c) || v !== 0) levels[c] = v;
    }
    const relays: Record<string, boolean> = {};
    for (const r of draft.relays) {
      const on = s.relays[r] ?? false;
      if (s.namedRelays.includes(r) || on) relays[r] = on;
    }
    const scene: ScenesBody['scenes'][string] = { levels, relays };
    if (s.beat.on) {
      const beatLevels: Record<string, Level> = {};
      for (const c of draft.channels) {
        const v = s.beat.levels[c] ?? 0;
        if (v !== 0) beatLevels[c] = v;
      }
      scene.beat = { levels: beatLevels, holdPct: s.beat.holdPct };
    }
    body.scenes[name] = scene;
  }
  return body;
}

/** A number field's text as the draft keeps it: empty is null, anything else its number (NaN stays for the API to refuse). */
export function levelFrom(text: string): Level {
  return text.trim() === '' ? null : Number(text);
}

/**
 * Where a refusal of the API points: Fastify's schema message `body/scenes/party/levels/main must
 * be <= 255` gives the JSON pointer `/scenes/party/levels/main` and the reason. A message without
 * a `body` path gives the pointer '' (the whole form).
 */
export function refusalOf(message: string): { pointer: string; reason: string } {
  const m = /^body(\/\S*)?\s+(.*)$/s.exec(message);
  if (!m) return { pointer: '', reason: message };
  return { pointer: m[1] ?? '', reason: m[2] ?? message };
}

/** The field a pointer belongs to: the longest of `fields` it starts with ('' when none). */
export function fieldFor(pointer: string, fields: readonly string[]): string {
  let best = '';
  for (const f of fields) {
    if ((pointer === f || pointer.startsWith(`${f}/`)) && f.length > best.length) best = f;
  }
  return best;
}
