import { join } from 'node:path';
import {
  createIdFactory,
  decodeRoomCommand,
  type GatewayStatus,
  type RoomCommand,
  roomTopic,
  SOFTWARE_VERSION,
  storeTopic,
} from '@ktv/protocol';
import type { FastifyInstance } from 'fastify';
import type { AdminBackend, LiveMessage } from './admin/admin-api.js';
import { buildAdminApp } from './admin/app.js';
import { deviceRoutes } from './admin/device-routes.js';
import { Sessions } from './admin/sessions.js';
import { alertRoutes } from './alerts/alert-routes.js';
import { StoreAlerts } from './alerts/store-alerts.js';
import { DeviceAuthenticator } from './broker/device-auth.js';
import { type MqttBroker, startMqttBroker } from './broker/mqtt-broker.js';
import { enforceRevocations } from './broker/revocation.js';
import { realTimers } from './business/alerts/alert-monitor.js';
import { BusinessModule } from './business/business-module.js';
import { ClockSkewMonitor } from './cloud/clock/clock-skew-monitor.js';
import type { CloudClock } from './cloud/clock.js';
import { CloudDownlink, downlinkRoutes, type HttpsDownlinkPoll, httpsPollFromConfig } from './cloud/downlink/index.js';
import { type CloudLink, cloudRoutes, createCloudLink } from './cloud/index.js';
import type { GatewayConfig } from './config/schema.js';
import { energyRoutes } from './energy/energy-routes.js';
import { EnergyService } from './energy/energy-service.js';
import { storeTimeZone } from './energy/store-time-zone.js';
import type { EventStore } from './events/event-store.js';
import { createIngest } from './events/ingest.js';
import { JournalEventStore } from './events/journal-event-store.js';
import { importLegacyEvents } from './events/legacy-import.js';
import { nodeDisk } from './journal/disk-port.js';
import { Journal } from './journal/index.js';
import { JournalKeeper } from './journal/retention-keeper.js';
import { LibraryService } from './library/library-service.js';
import { createLogger, type Logger } from './logger.js';
import { RoomPowerModule } from './room-power/room-power-module.js';
import { sceneRoutes } from './room-power/scene-routes.js';
import { RoomRegistry } from './rooms/room-registry.js';
import type { DeviceView, RoomView } from './rooms/room-view.js';
import { ensureAdminAccount, verifyAdmin } from './settings/admin-account.js';
import { SettingsStore } from './settings/settings-store.js';
import { Counters, type GatewayStats } from './stats.js';

export interface GatewayOptions {
  dataDir: string;
  config: Readonly<GatewayConfig>;
  logger?: Logger;
  now?: () => number;
  /** Admin password for a first start; defaults to env KTV_ADMIN_PASSWORD, else generated. */
  adminPassword?: string;
  /** The cloud forwarder's clock (retries, backoff); tests pass a fake one. */
  cloudClock?: CloudClock;
  /** Pushes from head office (issue #8 downlink): the MQTT bridge hands each one here. */
  onCloudDown?: (kind: string, payload: Buffer) => void;
}

export interface StartedPorts {
  mqttPort: number;
  httpPort: number;
}

export interface Gateway {
  start(): Promise<StartedPorts>;
  stop(): Promise<void>;
  stats(): GatewayStats;
}

export const EVENTS_FILE = 'events.ndjson';
/** DATA/journal: the durable journal (room events, sessions, bills); see gateway/src/journal. */
export const JOURNAL_DIR = 'journal';

/** The store gateway: settings, embedded broker, event ingest, rooms, admin app. */
export function createGateway(options: GatewayOptions): Gateway {
  const { config, dataDir } = options;
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const counters = new Counters();
  const rooms = new RoomRegistry((room) => counters.roomInvalid(room));
  const nextId = createIdFactory();
  let settings: SettingsStore | undefined;
  let journal: Journal | undefined;
  let business: BusinessModule | undefined;
  let library: LibraryService | undefined;
  let roomPower: RoomPowerModule | undefined;
  let energy: EnergyService | undefined;
  let events: EventStore | undefined;
  let broker: MqttBroker | undefined;
  let admin: FastifyInstance | undefined;
  let cloud: CloudLink | undefined;
  // Issue #8 items 2-4: store-wide alerts, pushes from head office, journal retention and disk, clocks.
  const storeAlerts = new StoreAlerts(now);
  let downlink: CloudDownlink | undefined;
  let keeper: JournalKeeper | undefined;
  let downPoll: HttpsDownlinkPoll | undefined;
  const cleanups: (() => void)[] = [];

  const gatewayStatus = (online: boolean): string =>
    JSON.stringify({ online, version: SOFTWARE_VERSION, at: now() } satisfies GatewayStatus);

  async function refreshedSettings(): Promise<SettingsStore> {
    if (!settings) throw new Error('gateway not started');
    await settings.refresh();
    return settings;
  }

  async function devices(): Promise<DeviceView[]> {
    const s = await refreshedSettings();
    const connected = broker?.connectedDeviceIds() ?? new Set<string>();
    return s.devices().map((d) => {
      const room = d.kind === 'room' && d.room !== undefined ? rooms.view(d.room) : undefined;
      return {
        deviceId: d.deviceId,
        kind: d.kind,
        room: d.room ?? null,
        roomName: d.roomName ?? null,
        online: room ? room.online : connected.has(d.deviceId),
        connected: connected.has(d.deviceId),
        lastSeen: room?.lastSeen ?? null,
        version: room?.agentVersion ?? null,
        invalidMessages: counters.deviceInvalid(d.deviceId),
        outboxPending: room?.outboxPending ?? 0,
        createdAt: d.createdAt,
        revoked: d.revoked === true,
      };
    });
  }

  async function ackCall(room: string, by: string): Promise<boolean> {
    await refreshedSettings();
    if (!rooms.has(room) || !broker) return false;
    const command: RoomCommand = { id: nextId(now()), type: 'service.acknowledge', room, at: now(), data: { by } };
    const checked = decodeRoomCommand(command, room);
    if (!checked.ok) throw new Error(checked.reason);
    await broker.publish(roomTopic(config.storeId, room, 'cmd'), JSON.stringify(command), { qos: 1, retain: false });
    logger.info({ room, id: command.id, by }, 'service call acknowledged');
    return true;
  }

  /** Rooms as a business (issue #5): every room view carries its business part. */
  const withBusiness = (view: RoomView): RoomView => (business ? business.withBusiness(view) : view);

  const backend: AdminBackend = {
    verifyAdmin: async (username, password) => verifyAdmin(await refreshedSettings(), username, password),
    rooms: async () => {
      await refreshedSettings();
      return rooms.list().map(withBusiness);
    },
    devices,
    stats: () => counters.snapshot(),
    events: (room, after) => (rooms.has(room) && events ? events.eventsAfter(room, after) : undefined),
    ackCall,
    subscribe(listener: (message: LiveMessage) => void) {
      const offRoom = rooms.onChange((room) => listener({ type: 'room', room: withBusiness(room) }));
      const offBusiness = business?.onRoomChange((room) => listener({ type: 'room', room })) ?? (() => undefined);
      const offStats = counters.onChange(() => listener({ type: 'stats', stats: counters.snapshot() }));
      const offLibrary =
        library?.onStatus((status) => listener({ type: 'library', library: status })) ?? (() => undefined);
      const offCloud = cloud?.onState((state) => listener({ type: 'cloud', cloud: state })) ?? (() => undefined);
      const offAlerts = storeAlerts.onChange((alerts) => listener({ type: 'alerts', alerts }));
      const offScenes =
        roomPower?.onSaved((saved) =>
          listener({ type: 'scenes', version: saved.version, updatedAt: saved.updatedAt }),
        ) ?? (() => undefined);
      return () => {
        offScenes();
        offAlerts();
        offCloud();
        offLibrary();
        offRoom();
        offStats();
        offBusiness();
      };
    },
  };

  return {
    stats: () => counters.snapshot(),

    async start() {
      settings = await SettingsStore.open(dataDir);
      await settings.setStoreId(config.storeId);
      await ensureAdminAccount(settings, logger, now, options.adminPassword ?? process.env.KTV_ADMIN_PASSWORD);
      rooms.syncDevices(settings.devices());
      const s = settings;
      cleanups.push(s.onChange(() => rooms.syncDevices(s.devices())));
      cleanups.push(counters.onRoomInvalid((room) => rooms.invalidChanged(room)));

      journal = await Journal.open(join(dataDir, JOURNAL_DIR), {
        logger,
        now,
        onNoSpace: () => keeper?.noteNoSpace(),
      });
      events = new JournalEventStore(journal, logger);
      await events.open();
      await importLegacyEvents(join(dataDir, EVENTS_FILE), events, logger);

      business = new BusinessModule({
        journal,
        settings,
        rooms,
        sendCommand: async (room, command) => {
          await broker?.publish(roomTopic(config.storeId, room, 'cmd'), JSON.stringify(command), {
            qos: 1,
            retain: false,
          });
        },
        now,
        newId: nextId,
        logger,
        config: config.business,
      });
      await business.start();

      // Pushes from head office (rate plans, menu, catalog), checked and merged with the store's edits.
      const down = await CloudDownlink.open({
        dataDir,
        storeId: config.storeId,
        publicKeys: config.cloud.publicKeys,
        settings,
        alerts: storeAlerts,
        logger,
        now,
        holdUntilStarted: true,
      });
      downlink = down;

      // The chain's cloud (issue #8): the journal is the outbox; a broken link is reported, not fatal.
      const link = createCloudLink({
        config: config.cloud,
        storeId: config.storeId,
        journal,
        dataDir,
        logger,
        ...(options.cloudClock ? { clock: options.cloudClock } : {}),
        onDown:
          options.onCloudDown ??
          ((kind: string, payload: Buffer) => {
            void down.receive(kind, payload);
          }),
      });
      cloud = link;
      await link.start().catch((e: unknown) => logger.error({ err: e }, 'cloud link failed to start'));

      // With the HTTPS transport, pushes are fetched (GET {origin}/v1/stores/{store}/down/{kind}).
      if (config.cloud.enabled && config.cloud.transport === 'https' && config.cloud.pollSec > 0) {
        downPoll = await httpsPollFromConfig(
          config.cloud,
          config.storeId,
          (kind, payload) => down.receive(kind, payload),
          logger,
        );
      }

      // Retention and the disk: segments go once forwarded, snapshotted and old; telemetry is coalesced when critical.
      const cloudCursor = config.cloud.enabled ? await journal.cursor('cloud') : undefined;
      keeper = new JournalKeeper({
        journal,
        disk: nodeDisk,
        alerts: storeAlerts,
        logger,
        now,
        timers: realTimers,
        config: {
          retentionMs: config.cloud.retentionDays * 86_400_000,
          warnPct: config.cloud.diskWarnPct,
          criticalPct: config.cloud.diskCriticalPct,
          checkEveryMs: config.cloud.diskCheckSec * 1000,
          reserveBytes: 16 * 1024 * 1024,
        },
        forwarded: () => cloudCursor?.position(),
        snapshotNames: ['business', 'room-events'],
      });
      await keeper.start();
      const skew = new ClockSkewMonitor(
        { thresholdMs: config.cloud.clockSkewSec * 1000, confirmMs: config.cloud.clockConfirmSec * 1000 },
        storeAlerts,
        logger,
      );

      // Room power (issue #9): scenes and room states to the rooms; energy hours from the journal.
      const sentToRoom = async (room: string, command: RoomCommand) => {
        await broker?.publish(roomTopic(config.storeId, room, 'cmd'), JSON.stringify(command), {
          qos: 1,
          retain: false,
        });
      };
      roomPower = new RoomPowerModule({
        settings,
        rooms,
        business,
        sendCommand: sentToRoom,
        now,
        newId: nextId,
        logger,
      });
      await roomPower.start();
      const settingsNow = settings;
      energy = new EnergyService({
        journal,
        rooms: () => rooms.list().map((r) => r.room),
        timeZone: () => storeTimeZone(settingsNow.data),
        now,
        logger,
      });

      const httpAuth = new DeviceAuthenticator(settings);
      const lib = new LibraryService({
        dataDir,
        logger,
        now,
        chartsIntervalMs: config.library.chartsIntervalSec * 1000,
        ...(config.library.pattern ? { pattern: config.library.pattern } : {}),
        announce: async (announcement) => {
          await broker?.publish(storeTopic(config.storeId, 'catalog'), JSON.stringify(announcement), {
            qos: 1,
            retain: true,
          });
        },
        authenticateDevice: async (username, password) => {
          const r = await httpAuth.check(username, Buffer.from(password, 'utf8'));
          return r.ok && r.principal.kind === 'room';
        },
      });
      library = lib;

      broker = await startMqttBroker({
        storeId: config.storeId,
        host: config.mqtt.host,
        port: config.mqtt.port,
        maxPacketBytes: config.mqtt.maxPacketBytes,
        maxConnectionsPerClientId: config.mqtt.maxConnectionsPerClientId,
        authenticator: new DeviceAuthenticator(settings),
        counters,
        logger,
        onPublish: createIngest({
          events,
          rooms,
          counters,
          logger,
          now,
          onAccepted: (e, at) => {
            lib.noteEvent(e);
            skew.observe(e.room, e.at, at);
          },
        }),
      });
      await broker.publish(storeTopic(config.storeId, 'gateway'), gatewayStatus(true), { qos: 1, retain: true });
      cleanups.push(enforceRevocations(s, broker, logger));
      // A broken library is reported, not fatal: rooms keep their catalog copies and cached songs.
      await lib.start().catch((e: unknown) => logger.error({ err: e }, 'song library failed to start'));

      const power = roomPower;
      const hours = energy;
      admin = await buildAdminApp({
        backend,
        sessions: await Sessions.open(dataDir, now, logger),
        logger,
        business,
        library: lib,
        routes: [
          sceneRoutes(power),
          energyRoutes((from, to) => hours.report(from, to)),
          cloudRoutes(() => link.state()),
          downlinkRoutes(() => downlink?.view() ?? null),
          alertRoutes(storeAlerts),
          deviceRoutes({
            settings: () => s,
            storeId: config.storeId,
            mqttPort: () => broker?.port ?? config.mqtt.port,
            now,
          }),
        ],
      });
      await admin.listen({ host: config.http.host, port: config.http.port });
      const address = admin.server.address();
      const httpPort = typeof address === 'object' && address ? address.port : config.http.port;
      const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
      const ports = { mqttPort: broker.port, httpPort };
      // Pushes from head office wait until every feature has started (they write settings.json).
      down.start();
      downPoll?.start();
      logger.info({ storeId: config.storeId, ...ports, adminUrl: `http://${shownHost}:${httpPort}/` }, 'gateway ready');
      return ports;
    },

    async stop() {
      for (const c of cleanups.splice(0)) c();
      if (broker) {
        await broker
          .publish(storeTopic(config.storeId, 'gateway'), gatewayStatus(false), { qos: 1, retain: true })
          .catch(() => undefined);
      }
      // Closing fastify closes every websocket client (@fastify/websocket's preClose).
      await admin?.close();
      await broker?.close();
      await roomPower?.stop();
      await cloud?.stop();
      cloud = undefined;
      downPoll?.stop();
      downPoll = undefined;
      await keeper?.stop();
      keeper = undefined;
      downlink = undefined;
      roomPower = undefined;
      energy = undefined;
      await business?.stop();
      business = undefined;
      await library?.stop();
      library = undefined;
      await events?.close();
      await journal?.close();
      journal = undefined;
      admin = undefined;
      broker = undefined;
      events = undefined;
      logger.info('gateway stopped');
    },
  };
}
