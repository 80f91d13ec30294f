import { ID_PATTERN } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BundleAddressError, type BundleAddresses, bundleAddresses } from '../settings/bundle-addresses.js';
import { ProvisionError, provisionDevice, revokeDevice } from '../settings/provision.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { AdminErrors, errorBody } from './errors.js';

/** POST /api/devices: one of room or monitor. */
export const EnrolBody = Type.Object(
  {
    room: Type.Optional(Type.String({ pattern: ID_PATTERN })),
    monitor: Type.Optional(Type.String({ pattern: ID_PATTERN })),
    roomName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** The broker address the device uses; default: the host this request reached, the MQTT port. */
    mqttUrl: Type.Optional(Type.String({ pattern: '^mqtts?://', maxLength: 300 })),
    /** The gateway's HTTP base for a room's catalog and media; default: mqttUrl's host, this request's port. */
    httpUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 300 })),
    rotate: Type.Optional(Type.Boolean()),
    wifi: Type.Optional(
      Type.Object(
        {
          ssid: Type.String({ minLength: 1, maxLength: 32 }),
          passphrase: Type.String({ minLength: 8, maxLength: 63, pattern: '^[\\x20-\\x7e]+$' }),
        },
        { additionalProperties: false },
      ),
    ),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type EnrolBody = Static<typeof EnrolBody>;

const DeviceParams = Type.Object({
  deviceId: Type.String({ pattern: '^(room|monitor)-[A-Za-z0-9_-]+$', maxLength: 80 }),
});
type DeviceParams = Static<typeof DeviceParams>;

export type RequireAdmin = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface DeviceRoutesOptions {
  settings: () => SettingsStore;
  storeId: string;
  mqttPort: () => number;
  now?: () => number;
}

/**
 * Enrolment for technicians (admin session required):
 * - `POST /api/devices` issues a device's credentials and answers its provisioning bundle (201);
 *   409 KTV_E_DEVICE_EXISTS when it exists (send `rotate: true` for a new password);
 * - `POST /api/devices/:deviceId/revoke`: the broker refuses it at once and drops its connections;
 *   404 KTV_E_NOT_FOUND for an unknown device.
 * The list is `GET /api/devices` (app.ts).
 */
export function deviceRoutes(options: DeviceRoutesOptions) {
  return async (app: FastifyInstance, requireAdmin: RequireAdmin): Promise<void> => {
    app.post<{ Body: EnrolBody }>(
      '/api/devices',
      { preHandler: requireAdmin, schema: { body: EnrolBody } },
      async (request, reply) => {
        const body = request.body;
        if ((body.room === undefined) === (body.monitor === undefined)) {
          return reply.code(400).send(errorBody(AdminErrors.BAD_REQUEST, 'give exactly one of room or monitor'));
        }
        let addresses: BundleAddresses;
        try {
          // The HTTP port the technician's request reached is the gateway's HTTP port.
          addresses = bundleAddresses({
            mqttUrl: body.mqttUrl,
            httpUrl: body.httpUrl,
            host: request.hostname || '127.0.0.1',
            mqttPort: options.mqttPort(),
            httpPort: request.port ?? request.socket.localPort ?? 8080,
          });
        } catch (e) {
          if (e instanceof BundleAddressError)
            return reply.code(400).send(errorBody(AdminErrors.BAD_REQUEST, e.message));
          throw e;
        }
        const { mqttUrl, httpUrl } = addresses;
        try {
          const bundle = await provisionDevice(
            options.settings(),
            body.room !== undefined
              ? {
                  kind: 'room',
                  room: body.room,
                  storeId: options.storeId,
                  mqttUrl,
                  httpUrl,
                  rotate: body.rotate === true,
                  ...(body.roomName !== undefined ? { roomName: body.roomName } : {}),
                  ...(body.wifi !== undefined ? { wifi: body.wifi } : {}),
                }
              : {
                  kind: 'monitor',
                  name: body.monitor ?? '',
                  storeId: options.storeId,
                  mqttUrl,
                  rotate: body.rotate === true,
                },
            options.now,
          );
          request.log.warn({ deviceId: bundle.deviceId, by: request.adminUser }, 'device enrolled');
          reply.header('cache-control', 'no-store');
          return reply.code(201).send({ bundle });
        } catch (e) {
          if (e instanceof ProvisionError) {
            return reply.code(409).send(errorBody(AdminErrors.DEVICE_EXISTS, e.message));
          }
          throw e;
        }
      },
    );

    app.post<{ Params: DeviceParams }>(
      '/api/devices/:deviceId/revoke',
      { preHandler: requireAdmin, schema: { params: DeviceParams } },
      async (request, reply) => {
        const result = await revokeDevice(options.settings(), request.params.deviceId, options.now);
        if (!result.revoked) return reply.code(404).send(errorBody(AdminErrors.NOT_FOUND, 'no such device'));
        request.log.warn({ deviceId: result.deviceId, by: request.adminUser }, 'device revoked');
        return { ok: true, deviceId: result.deviceId };
      },
    );
  };
}
