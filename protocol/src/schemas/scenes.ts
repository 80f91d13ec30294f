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

/** DMX512 slot levels from slot 1 on (0..255); slots past the end of the list are 0. */
export const DmxLevels = Type.Array(Type.Integer({ minimum: 0, maximum: 255 }), { maxItems: 512 });

/** One scene: the light controller's levels and the light relays' states. */
export const LightScene = Type.Object(
  {
    dmx: DmxLevels,
    /** Light relays by output name (`lights.ceiling`); relays not named keep their state. */
    relays: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Boolean(), { default: {} }),
    /**
     * Follow the beat of the playing song (its catalog `bpm`): on each beat the frame is `beat`,
     * for `beatHoldPct` percent of the beat, then `dmx` again. Without a bpm the scene is `dmx`.
     */
    beat: Type.Optional(
      Type.Object(
        { dmx: DmxLevels, holdPct: Type.Integer({ minimum: 5, maximum: 95, default: 30 }) },
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
