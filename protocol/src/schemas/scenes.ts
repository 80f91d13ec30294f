import { type Static, Type } from '@sinclair/typebox';
import { EpochMs } from './common.js';

/**
 * Light scenes and the room power settings (issue #9): data the gateway keeps in its settings,
 * edits through the admin API and pushes to every room (`scenes.update`), never code. A room keeps
 * the last copy on disk and works with it while the gateway is away.
 */

/** Scenes the guests pick on the touchscreen (气氛灯 / 灯光模式). */
export const GUEST_SCENES = ['bright', 'soft', 'party', 'romantic'] as const;
export type GuestScene = (typeof GUEST_SCENES)[number];
/** Every scene a room knows: the guests' four, and the ones the power rules choose. */
export const SCENE_NAMES = ['welcome', 'bright', 'soft', 'party', 'romantic', 'cleaning', 'off'] as const;
export type SceneName = (typeof SCENE_NAMES)[number];
export const SceneNameSchema = Type.Union(SCENE_NAMES.map((n) => Type.Literal(n)));
export const GuestSceneSchema = Type.Union(GUEST_SCENES.map((n) => Type.Literal(n)));

/**
 * A look: levels 0..255 of named light channels (`main` dimmer, `red`, `green`, `blue`, `white`,
 * `strobe`, ... as each room's channel map names them). A channel the look leaves out is 0; a
 * channel a room does not have is ignored there.
 */
export const ChannelLevels = Type.Record(
  Type.String({ minLength: 1, maxLength: 32 }),
  Type.Integer({ minimum: 0, maximum: 255 }),
);

/** One scene: the light channels' levels and the light relays' states. */
export const LightScene = Type.Object(
  {
    levels: ChannelLevels,
    /** Light relays by output name (`lights.ceiling`): a relay some scene names is off in the scenes that do not. */
    relays: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Boolean(), { default: {} }),
    /**
     * Follow the beat of the playing song (its catalog `bpm`): at the start of each beat the look
     * is `beat.levels` for `holdPct` percent of the beat, then `levels` again. Without a bpm the
     * scene is `levels`.
     */
    beat: Type.Optional(
      Type.Object(
        { levels: ChannelLevels, holdPct: Type.Integer({ minimum: 5, maximum: 95, default: 30 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type LightScene = Static<typeof LightScene>;

export const SceneSettings = Type.Object(
  {
    /** Raised by the gateway on every save; a room keeps the newest it has seen. */
    version: Type.Integer({ minimum: 1 }),
    /** A room that is not in use and saw nothing (motion, door, touch, playback) this long is switched off. */
    idleMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    /** How long the TV shows the welcome screen at 开房 unless a song starts first (0: never); absent: 15. */
    welcomeSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    scenes: Type.Object(
      {
        welcome: LightScene,
        bright: LightScene,
        soft: LightScene,
        party: LightScene,
        romantic: LightScene,
        cleaning: LightScene,
        off: LightScene,
      },
      { additionalProperties: false },
    ),
    updatedAt: EpochMs,
  },
  { additionalProperties: false },
);
export type SceneSettings = Static<typeof SceneSettings>;

/** The business state of a room as the front desk sees it (空闲 / 已预订 / 使用中 / 待清洁 / 维修). */
export const RoomStatusName = Type.Union([
  Type.Literal('idle'),
  Type.Literal('booked'),
  Type.Literal('inUse'),
  Type.Literal('cleaning'),
  Type.Literal('maintenance'),
]);
export type RoomStatusName = Static<typeof RoomStatusName>;

/** The room's power as it reports it in its state: what the rules decided and the ports hold. */
export const RoomPowerState = Type.Object(
  {
    on: Type.Boolean(),
    tv: Type.Boolean(),
    amp: Type.Boolean(),
    scene: SceneNameSchema,
    /** Why the last change happened (`sessionOpened`, `sceneRequested`, `checkout`, `idle`, ...). */
    reason: Type.String({ maxLength: 64 }),
    /** The output that failed last and is being retried, or null. */
    fault: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type RoomPowerState = Static<typeof RoomPowerState>;

/**
 * The scenes a store starts with (the gateway seeds them; a room that never heard from its gateway
 * uses them), in the channel names of the default channel map (main, red, green, blue, white,
 * strobe). A store with other fixtures edits them on the admin page.
 */
export function defaultSceneSettings(at = 0): SceneSettings {
  type Levels = Record<string, number>;
  const scene = (levels: Levels, beat?: { levels: Levels; holdPct: number }): LightScene => ({
    levels,
    relays: {},
    ...(beat ? { beat } : {}),
  });
  return {
    version: 1,
    idleMinutes: 30,
    scenes: {
      welcome: scene({ main: 255, red: 255, green: 170, blue: 90, white: 120 }),
      bright: scene({ main: 255, red: 255, green: 255, blue: 255, white: 255 }),
      soft: scene({ main: 120, red: 200, green: 120, blue: 60, white: 40 }),
      party: scene(
        { main: 200, red: 180, green: 0, blue: 255, white: 0 },
        { levels: { main: 255, red: 255, green: 60, blue: 255, white: 255 }, holdPct: 30 },
      ),
      romantic: scene({ main: 90, red: 255, green: 20, blue: 90 }),
      cleaning: scene({ main: 255, white: 255 }),
      off: scene({}),
    },
    updatedAt: at,
  };
}
