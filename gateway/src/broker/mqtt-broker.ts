import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from '../logger.js';
import type { Counters } from '../stats.js';
import { AckPacer } from './ack-pacer.js';
import { canPublish, canSubscribe, type Principal } from './acl.js';
import { clientIdMatches, type DeviceAuthenticator } from './device-auth.js';
import { FrameScanner } from './frame-scanner.js';

/**
 * What the gateway does with a publish that passed the ACL: forward it to subscribers or not
 * (`suppress` = acknowledge, do not forward). With `ackAfter`, the message goes to live
 * subscribers at once and the PUBACK waits until `ackAfter` settles (the event is on disk).
 */
export type PublishVerdict = { action: 'forward' | 'suppress'; ackAfter?: Promise<void> };
export type PublishSink = (who: Principal, topic: string, payload: Buffer) => PublishVerdict;

export interface MqttBrokerOptions {
  storeId: string;
  host: string;
  port: number;
  maxPacketBytes: number;
  maxConnectionsPerClientId: number;
  authenticator: DeviceAuthenticator;
  counters: Counters;
  logger: Logger;
  /**
   * Runs inside authorizePublish, so before the PUBACK of a QoS 1 publish: in aedes 1.2.0
   * (lib/handlers/publish.js) the PUBACK is written before broker.publish() and its `published`
   * hook, so durable ingest must happen here.
   */
  onPublish: PublishSink;
}

export interface MqttBroker {
  readonly aedes: Aedes;
  readonly port: number;
  /** Publishes as the gateway itself (no ACL). */
  publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void>;
  connectedDeviceIds(): ReadonlySet<string>;
  /** Closes every live connection of a device (e.g. it was revoked); answers how many. */
  disconnectDevice(deviceId: string): number;
  close(): Promise<void>;
}

/** PUBACKs written per turn of the event loop after a group commit (see AckPacer). */
const ACKS_PER_TURN = 8;

/** Where a recorded QoS 1 event goes once forwarded: outside `ktv/v1/`, so no ACL lets anyone subscribe. */
const RECORDED_TOPIC = '$ktv/recorded';

/**
 * A PUBACK written straight to the client's connection (if it is still the live one): the four
 * bytes of MQTT 3.1.1 section 3.4 (type 4, remaining length 2, the packet identifier), one write.
 */
function writePuback(client: Client, messageId: number | undefined): void {
  if (messageId === undefined || client.closed || !client.connected) return;
  client.conn.write(Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff]));
}

function authError(returnCode: 2 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export async function startMqttBroker(options: MqttBrokerOptions): Promise<MqttBroker> {
  const { counters, logger, storeId } = options;
  const principals = new WeakMap<Client, Principal>();
  const socketPrincipals = new WeakMap<object, Principal>();
  const clientsByDevice = new Map<string, Set<Client>>();
  const suppressed = new WeakSet<Buffer>();
  /** Sockets closed for an oversized packet: whatever the parser still has from them is dropped. */
  const tooLarge = new WeakSet<object>();
  const log = logger.child({ component: 'broker' });
  /** PUBACKs released by a group commit go out a slice per turn, so new publishes are not held up. */
  const acks = new AckPacer(ACKS_PER_TURN);

  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      options.authenticator.check(username, password).then(
        (result) => {
          if (!result.ok) {
            counters.increment('refusedAuth');
            log.warn({ clientId: client.id, username, reason: result.reason, code: 'KTV_E_AUTH' }, 'mqtt auth refused');
            return done(authError(4, result.reason), false);
          }
          const { deviceId } = result.principal;
          if (!clientIdMatches(client.id, deviceId)) {
            counters.increment('refusedConnections');
            log.warn(
              { clientId: client.id, deviceId },
              'mqtt client id refused: must be the device id or start with it',
            );
            return done(authError(2, 'client id must be the device id'), false);
          }
          const others = [...(clientsByDevice.get(deviceId) ?? [])].filter((c) => c.id !== client.id);
          if (others.length >= options.maxConnectionsPerClientId) {
            counters.increment('refusedConnections');
            log.warn({ clientId: client.id, deviceId, connected: others.length }, 'mqtt connection limit reached');
            return done(authError(5, 'too many connections for this device'), false);
          }
          if ([...(clientsByDevice.get(deviceId) ?? [])].some((c) => c.id === client.id)) {
            // [MQTT-3.1.4-2] the new connection takes the session over; the old one is closed.
            counters.increment('takeovers');
            log.warn({ clientId: client.id, deviceId }, 'mqtt client id taken over');
          }
          principals.set(client, result.principal);
          socketPrincipals.set(client.conn, result.principal);
          done(null, true);
        },
        (e: unknown) => {
          log.error({ err: e }, 'mqtt authentication failed');
          done(authError(5, 'authentication failed'), false);
        },
      );
    },

    authorizePublish(client, packet, done) {
      const who = client ? principals.get(client) : undefined;
      if (!who) return done(new Error('not authenticated'));
      if (client && tooLarge.has(client.conn)) return done(new Error('packet too large'));
      const decision = canPublish(storeId, who, packet.topic);
      if (!decision.ok) {
        counters.increment('refusedPublish');
        log.warn(
          { deviceId: who.deviceId, topic: packet.topic, reason: decision.reason, code: 'KTV_E_ACL' },
          'mqtt publish refused',
        );
        return done(new Error(decision.reason));
      }
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      packet.payload = payload;
      let verdict: PublishVerdict;
      try {
        verdict = options.onPublish(who, packet.topic, payload);
      } catch (e) {
        log.error({ err: e, topic: packet.topic }, 'mqtt publish could not be processed');
        return done(e instanceof Error ? e : new Error(String(e)));
      }
      if (!verdict.ackAfter) {
        if (verdict.action === 'suppress') {
          suppressed.add(payload);
          // Not stored as retained either: a new subscriber still gets the last valid one.
          packet.retain = false;
        }
        return done(null);
      }
      // aedes writes the PUBACK right after this callback and forwards after the PUBACK
      // (lib/handlers/publish.js), so to serve live subscribers without waiting for the disk the
      // gateway forwards a copy itself now (a view of the same bytes: a Buffer of its own, so not
      // suppressed) and acknowledges only once durable.
      suppressed.add(payload);
      packet.retain = false;
      if (verdict.action === 'forward') {
        aedes.publish(
          {
            cmd: 'publish',
            topic: packet.topic,
            payload: payload.subarray(),
            qos: packet.qos,
            retain: false,
            dup: false,
          },
          (err) => err && log.error({ err, topic: packet.topic }, 'mqtt forward failed'),
        );
      }
      const topic = packet.topic;
      const failed = (e: unknown) => {
        log.error({ err: e, topic }, 'mqtt publish could not be recorded');
        return e instanceof Error ? e : new Error(String(e));
      };
      if (packet.qos === 1 && client) {
        // QoS 1: aedes is told this is QoS 0 on a topic nobody can subscribe to, so it writes no
        // PUBACK, delivers nothing, and reads the client's next packets at once (it reads on only
        // when a publish is done: a PUBACK held for the disk held the room's next message, e.g.
        // its door state, for the event's fdatasync). The topic matters too: aedes drops a
        // delivery whose packet is older than one the subscriber already saw, and this one would
        // reach the subscriber before the forwarded copy. The gateway writes the PUBACK itself
        // once the event is durable; if recording fails, the connection is closed without one,
        // so the room sends the event again.
        const messageId = packet.messageId;
        packet.qos = 0;
        packet.topic = RECORDED_TOPIC;
        verdict.ackAfter.then(
          () => acks.release(() => writePuback(client, messageId)),
          (e: unknown) => {
            failed(e);
            client.close();
          },
        );
        return done(null);
      }
      verdict.ackAfter.then(
        () => acks.release(() => done(null)),
        (e: unknown) => done(failed(e)),
      );
    },

    authorizeSubscribe(client, sub, done) {
      const who = principals.get(client);
      const decision = who
        ? canSubscribe(storeId, who, sub.topic)
        : { ok: false as const, reason: 'not authenticated' };
      if (!decision.ok) {
        counters.increment('refusedSubscribe');
        log.warn(
          { deviceId: who?.deviceId, topic: sub.topic, reason: decision.reason, code: 'KTV_E_ACL' },
          'mqtt subscribe refused',
        );
        return done(null, null); // SUBACK 0x80 for this filter
      }
      done(null, sub);
    },

    authorizeForward(_client, packet) {
      return Buffer.isBuffer(packet.payload) && suppressed.has(packet.payload) ? null : packet;
    },
  });

  aedes.on('client', (client) => {
    const who = principals.get(client);
    if (who) {
      let set = clientsByDevice.get(who.deviceId);
      if (!set) {
        set = new Set();
        clientsByDevice.set(who.deviceId, set);
      }
      set.add(client);
    }
    counters.setClientsConnected(aedes.connectedClients);
    log.info({ clientId: client.id, deviceId: who?.deviceId }, 'mqtt client connected');
  });
  aedes.on('clientDisconnect', (client) => {
    const who = principals.get(client);
    if (who) {
      const set = clientsByDevice.get(who.deviceId);
      set?.delete(client);
      if (set?.size === 0) clientsByDevice.delete(who.deviceId);
    }
    counters.setClientsConnected(aedes.connectedClients);
    log.info({ clientId: client.id, deviceId: who?.deviceId }, 'mqtt client disconnected');
  });
  aedes.on('clientError', (client, err) => {
    log.debug({ clientId: client.id, err: err.message }, 'mqtt client error');
  });
  aedes.on('connectionError', (client, err) => {
    log.debug({ clientId: client.id, err: err.message }, 'mqtt connection error');
  });

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    // Small control packets (a room's commands, PUBACKs) go out at once: with Nagle a command
    // written while a PUBACK is still unacknowledged waits for the room's delayed ACK (~40 ms).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
    // aedes reads with 'readable' + read(); a 'data' listener added after it sees every chunk as
    // it is read, before the MQTT parser, without switching the socket to flowing mode.
    const scanner = new FrameScanner(options.maxPacketBytes);
    const guard = (chunk: Buffer) => {
      const size = scanner.feed(chunk);
      if (size === undefined) return;
      socket.removeListener('data', guard);
      tooLarge.add(socket);
      const who = socketPrincipals.get(socket);
      counters.increment('oversizedPackets');
      counters.invalid(who?.kind === 'room' ? who.room : undefined, who?.deviceId);
      log.warn(
        { deviceId: who?.deviceId, bytes: size, limit: options.maxPacketBytes, code: 'KTV_E_TOO_LARGE' },
        'mqtt packet too large, connection closed',
      );
      socket.destroy();
    };
    socket.on('data', guard);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    aedes,
    port,
    publish(topic, payload, { qos, retain }) {
      return new Promise((resolve, reject) => {
        aedes.publish(
          { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: false },
          (err?: Error | null) => (err ? reject(err) : resolve()),
        );
      });
    },
    connectedDeviceIds() {
      return new Set(clientsByDevice.keys());
    },
    disconnectDevice(deviceId) {
      const clients = [...(clientsByDevice.get(deviceId) ?? [])];
      for (const client of clients) {
        log.warn({ clientId: client.id, deviceId, code: 'KTV_E_AUTH' }, 'mqtt device revoked, connection closed');
        client.close();
      }
      return clients.length;
    },
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
