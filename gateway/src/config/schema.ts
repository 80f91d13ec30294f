import { ID_PATTERN } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';

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
  },
  { additionalProperties: false },
);

export type GatewayConfig = Static<typeof GatewayConfigSchema>;
