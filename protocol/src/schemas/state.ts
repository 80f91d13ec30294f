import { type Static, Type } from '@sinclair/typebox';
import { EpochMs, Id } from './common.js';

export const SensorState = Type.Object(
  {
    doorOpen: Type.Boolean(),
    motion: Type.Boolean(),
    /** A service call is waiting for staff (呼叫服务). */
    callActive: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SensorState = Static<typeof SensorState>;

/** What the TV is playing, for the admin page and other screens. */
export const PlayerSummary = Type.Object(
  {
    songId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    title: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    artist: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    positionMs: Type.Integer({ minimum: 0 }),
    durationMs: Type.Integer({ minimum: 0 }),
    paused: Type.Boolean(),
    vocalMode: Type.Union([Type.Literal('vocalsOn'), Type.Literal('vocalsOff')]),
    /** Songs waiting after the playing one. */
    upcoming: Type.Integer({ minimum: 0 }),
    /** The background playlist (公播) plays because nothing is queued. */
    background: Type.Boolean(),
  },
  { additionalProperties: true },
);
export type PlayerSummary = Static<typeof PlayerSummary>;

/** Music and microphone levels, 0..100, with the store-set maximum for music. */
export const VolumeState = Type.Object(
  {
    music: Type.Integer({ minimum: 0, maximum: 100 }),
    mic: Type.Integer({ minimum: 0, maximum: 100 }),
    musicMax: Type.Integer({ minimum: 0, maximum: 100 }),
    muted: Type.Boolean(),
  },
  { additionalProperties: true },
);
export type VolumeState = Static<typeof VolumeState>;

/**
 * What a room is doing now. Retained on `rooms/{room}/state`. Receivers ignore properties they
 * do not know, so a newer agent can add fields without breaking an older gateway.
 */
export const RoomState = Type.Object(
  {
    store: Id,
    room: Id,
    roomName: Type.String({ minLength: 1, maxLength: 64 }),
    agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
    startedAt: EpochMs,
    at: EpochMs,
    sensors: SensorState,
    /** Events recorded but not yet acknowledged by the gateway. */
    outboxPending: Type.Integer({ minimum: 0 }),
    player: Type.Optional(PlayerSummary),
    volume: Type.Optional(VolumeState),
  },
  { additionalProperties: true },
);
export type RoomState = Static<typeof RoomState>;

/** Retained on `rooms/{room}/online`: `true` on connect, `false` as the will message. */
export const OnlineFlag = Type.Boolean();
export type OnlineFlag = Static<typeof OnlineFlag>;

/** Retained on `store/gateway`. */
export const GatewayStatus = Type.Object(
  {
    online: Type.Boolean(),
    version: Type.String({ maxLength: 64 }),
    at: EpochMs,
  },
  { additionalProperties: true },
);
export type GatewayStatus = Static<typeof GatewayStatus>;

/**
 * Retained on `store/catalog`: the store's song catalog is at `version`. A room whose copy is
 * older fetches the delta from its version if one is listed, else the whole snapshot, over the
 * gateway's HTTP (paths relative to the gateway's library base URL), checks the sha256 and swaps
 * its copy atomically.
 */
export const CatalogAnnouncement = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    songs: Type.Integer({ minimum: 0 }),
    /** e.g. `/library/catalog/12.json.gz` */
    snapshot: Type.Object(
      {
        path: Type.String({ maxLength: 200 }),
        sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        bytes: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    /** Deltas to this version from recent older versions. */
    deltas: Type.Array(
      Type.Object(
        {
          from: Type.Integer({ minimum: 1 }),
          path: Type.String({ maxLength: 200 }),
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
          bytes: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 32 },
    ),
    at: EpochMs,
  },
  { additionalProperties: true },
);
export type CatalogAnnouncement = Static<typeof CatalogAnnouncement>;
