import { type Static, Type } from '@sinclair/typebox';
import { Id } from './common.js';

const Secret = Type.String({ minLength: 1, maxLength: 200 });
const MqttUrl = Type.String({ pattern: '^mqtts?://', maxLength: 300 });

/**
 * A room's provisioning bundle: what `ktv-gateway device add --room` writes (mode 0600) and a room
 * box takes as (the start of) its config. The password exists only here; the gateway keeps its hash.
 */
export const RoomBundle = Type.Object(
  {
    version: Type.Literal(1),
    kind: Type.Literal('room'),
    storeId: Id,
    roomId: Id,
    roomName: Type.String({ minLength: 1, maxLength: 64 }),
    deviceId: Type.String({ minLength: 1, maxLength: 80 }),
    mqttUrl: MqttUrl,
    /**
     * The gateway's HTTP base (catalog and media downloads, HTTP Basic with username/password),
     * e.g. http://192.168.1.10:8080. Absent in older bundles: the agent then uses mqttUrl's host on 8080.
     */
    httpUrl: Type.Optional(Type.String({ pattern: '^https?://[^/]', maxLength: 300 })),
    username: Type.String({ minLength: 1, maxLength: 80 }),
    password: Secret,
    /** Optional Wi-Fi for the room box (WPA2-PSK); the box turns it into a hashed PSK at first boot. */
    wifi: Type.Optional(
      Type.Object(
        {
          ssid: Type.String({ minLength: 1, maxLength: 32 }),
          passphrase: Type.String({ minLength: 8, maxLength: 63, pattern: '^[\\x20-\\x7e]+$' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RoomBundle = Static<typeof RoomBundle>;

/** A monitor account's bundle (`device add --monitor NAME`): may read every topic, publish none. */
export const MonitorBundle = Type.Object(
  {
    version: Type.Literal(1),
    kind: Type.Literal('monitor'),
    storeId: Id,
    deviceId: Type.String({ minLength: 1, maxLength: 80 }),
    mqttUrl: MqttUrl,
    username: Type.String({ minLength: 1, maxLength: 80 }),
    password: Secret,
  },
  { additionalProperties: false },
);
export type MonitorBundle = Static<typeof MonitorBundle>;

export type ProvisioningBundle = RoomBundle | MonitorBundle;
