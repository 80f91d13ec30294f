import { ID_PATTERN } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { CloudConfigSchema } from './cloud-schema.js';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Host = Type.String({ minLength: 1, maxLength: 255 });

/** The gateway config file. Every field is optional; the defaults live here and nowhere else. */
export const GatewayConfigSchema = Type.Object(
  {
    storeId: Type.String({ pattern: ID_PATTERN, default: 'demo' }),
    mqtt: Type.Object(
      {
        host: Type.String({ ...Host, default: '0.0.0.0' }),
        port: Type.Integer({ ...Port, default: 1883 }),
        maxPacketBytes: Type.Integer({ minimum: 1024, maximum: 16 * 1024 * 1024, default: 65536 }),
        maxConnectionsPerClientId: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
      },
      { additionalProperties: false, default: {} },
    ),
    http: Type.Object(
      {
        host: Type.String({ ...Host, default: '0.0.0.0' }),
        port: Type.Integer({ ...Port, default: 8080 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Rooms as a business (issue #5): sensor alerts and journal snapshots. */
    business: Type.Object(
      {
        /** unbilledOccupancy: motion behind a closed door of an idle/cleaning room within this many seconds. */
        occupancyHoldSec: Type.Integer({ minimum: 5, maximum: 3600, default: 120 }),
        /** roomMayBeEmpty: a room in use without motion for this many minutes. */
        emptyAfterMin: Type.Integer({ minimum: 1, maximum: 720, default: 20 }),
        /** A snapshot of the business state after this many business records (and on stop). */
        snapshotEvery: Type.Integer({ minimum: 10, maximum: 1_000_000, default: 1000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** The song library (issue #4, docs/library.md). */
    library: Type.Object(
      {
        /** File-name pattern of a folder import without --pattern, e.g. `{artist}-{title}` ('' = the built-in guesses). */
        pattern: Type.String({ maxLength: 200, default: '' }),
        /** How often play counts go into the catalog (charts), in seconds. */
        chartsIntervalSec: Type.Integer({ minimum: 10, maximum: 7 * 86_400, default: 3600 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** The chain's cloud (issue #8): forwarding the journal up, pushes down. See docs/cloud.md. */
    cloud: CloudConfigSchema,
  },
  { additionalProperties: false },
);

export type GatewayConfig = Static<typeof GatewayConfigSchema>;
