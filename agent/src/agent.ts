import { join } from 'node:path';
import {
  createIdFactory,
  type RoomCommand,
  type RoomEventInput,
  type RoomState,
  SOFTWARE_VERSION,
} from '@ktv/protocol';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import type { AgentConfig } from './config/types.js';
import { createRoomHardware, type RoomHardware } from './hardware/room-hardware.js';
import { createSensorPort } from './hardware/sensors/debounced-port.js';
import type { BackoffOptions } from './link/backoff.js';
import { GatewayLink } from './link/gateway-link.js';
import { Outbox } from './outbox/outbox.js';
import { playerSummary } from './playback/player-view.js';
import { type Playback, startPlayback } from './playback/start-playback.js';
import { fileCallStore } from './room/call-store.js';
import { RoomController } from './room/room-controller.js';
import type { RoomPowerPorts } from './room-power/devices.js';
import {
  createRoomPower,
  type RoomPower,
  roomPowerRoutes,
  songTempo,
  testClockFromEnv,
} from './room-power/room-power.js';
import { resetForNextGuests } from './session/next-guests.js';
import { SessionHolder } from './session/session-holder.js';
import { type Clock, systemClock } from './time/clock.js';
import { buildWebApp } from './web/app.js';
import type { AgentStateView } from './web/state-view.js';
import { welcomeRoutes } from './welcome/welcome-routes.js';
import { DEFAULT_WELCOME_SECONDS, WelcomeScreen } from './welcome/welcome-screen.js';

export interface AgentOptions {
  config: AgentConfig;
  /** Where the outbox lives; defaults to config.dataDir. */
  dataDir?: string;
  logger?: Logger;
  /** Wall clock for event times; defaults to Date.now. */
  now?: () => number;
  /** Timers (debounce, PIR hold, reconnect backoff); defaults to the system's. */
  clock?: Clock;
  /** Reconnect backoff (tests shorten it). */
  backoff?: BackoffOptions;
  /** Environment for the hardware tools (gpiomon, gpioset, cec-ctl): tests put tool twins on its PATH. */
  hardwareEnv?: NodeJS.ProcessEnv;
  /** Prebuilt room hardware (the gpio benchmark wraps the sensor driver); default: built from config. */
  hardware?: RoomHardware;
}

export interface Agent {
  /** Opens the outbox, records agent.started, starts sensors, web and the gateway link. */
  start(): Promise<{ webPort: number }>;
  /** Publishes online=false, disconnects, closes the web server and the outbox. */
  stop(): Promise<void>;
  /** The state the touchscreen sees. */
  state(): AgentStateView;
}

/** Wires config, ports and services together (the one place that does). */
export function createAgent(options: AgentOptions): Agent {
  const { config } = options;
  const logger = options.logger ?? pino({ base: { name: 'ktv-agent' } });
  // Sim only, on request (KTV_AGENT_CLOCK_CONTROL=1): a clock the end-to-end tests move forward.
  const testClock = options.clock ? undefined : testClockFromEnv(config.sensors.driver === 'sim');
  const clock = options.clock ?? testClock ?? systemClock;
  const now = options.now ?? (() => clock.now());
  const dataDir = options.dataDir ?? config.dataDir;
  // The room's physical side (issue #9): sim twins by default, libgpiod / DMX / CEC from config.
  const hardware =
    options.hardware ??
    createRoomHardware(config, {
      clock,
      logger: logger.child({ component: 'hardware' }),
      ...(options.hardwareEnv ? { env: options.hardwareEnv } : {}),
    });
  const simDriver = hardware.simSensors;
  const sensors = createSensorPort(hardware.sensorDriver, { debounceMs: config.sensors.debounceMs, clock });
  const listeners = new Set<() => void>();
  /** Screens only: the position in the song moved (the gateway's retained state need not follow). */
  const screensChanged = () => {
    for (const l of listeners) l();
  };
  const changed = () => {
    link?.stateChanged();
    screensChanged();
  };

  let outbox: Outbox | undefined;
  let room: RoomController | undefined;
  let link: GatewayLink | undefined;
  let web: FastifyInstance | undefined;
  let playback: Playback | undefined;
  const startedAt = now();
  const session = new SessionHolder();
  // Room power (issue #9): the TV, amplifier and light ports the power rules drive.
  let powerPorts: RoomPowerPorts = {};
  let power: RoomPower | undefined;
  // The TV's welcome screen at 开房 (issue #9): an overlay on the player.
  let welcome: WelcomeScreen | undefined;

  const view = (): AgentStateView => ({
    storeId: config.storeId,
    roomId: config.roomId,
    roomName: config.roomName,
    connected: link?.connected ?? false,
    outboxPending: outbox?.pendingCount ?? 0,
    sensors: room?.sensors ?? { doorOpen: false, motion: false, callActive: false },
    simulated: simDriver !== undefined,
    ...(playback ? { player: playback.service.view(), volume: playback.volume.state() } : {}),
    ...(playback ? { library: playback.library.view() } : {}),
    session: session.session,
    ...(power ? { power: power.view() } : {}),
  });

  const roomState = (): RoomState => ({
    store: config.storeId,
    room: config.roomId,
    roomName: config.roomName,
    agentVersion: SOFTWARE_VERSION,
    startedAt,
    at: now(),
    sensors: room?.sensors ?? { doorOpen: false, motion: false, callActive: false },
    outboxPending: outbox?.pendingCount ?? 0,
    ...(playback ? { player: playerSummary(playback.service.view()), volume: playback.volume.state() } : {}),
    ...(power ? { power: power.view() } : {}),
  });

  const onCommand = (command: RoomCommand) => {
    logger.info({ type: command.type, id: command.id }, 'command');
    power?.command(command);
    switch (command.type) {
      case 'service.acknowledge':
        void room?.apply({ kind: 'acknowledge', by: command.data.by });
        break;
      case 'session.update':
        // Screens only: the gateway already knows the session.
        if (session.apply({ session: command.data.session, at: command.at })) screensChanged();
        void welcome?.session(command.data.session, command.at);
        break;
    }
  };

  return {
    state: view,

    async start() {
      // Claims the GPIO lines first: a missing or busy line stops the start, naming the line.
      await hardware.start();
      const ob = await Outbox.open({ dir: join(dataDir, 'outbox'), roomId: config.roomId, logger, now });
      outbox = ob;
      ob.onChange(changed);
      await ob.record({ type: 'agent.started', data: { version: SOFTWARE_VERSION } });
      /** Every event the room records; the power rules see sensors and songs as signs of life. */
      const record = (e: RoomEventInput) => {
        power?.noteEvent(e);
        if (e.type === 'song.started') void welcome?.songStarted();
        return ob.record(e);
      };

      const calls = fileCallStore(dataDir, (message) => logger.warn(message));
      const rc = new RoomController({ sensors, record, calls, logger });
      room = rc;
      await sensors.start();
      await rc.start();
      rc.onChange(changed);

      try {
        playback = await startPlayback({
          config,
          dataDir,
          clock,
          logger,
          record,
          newEntryId: createIdFactory(),
          onChange: (kind) => (kind === 'position' ? screensChanged() : changed()),
        });
      } catch (e) {
        // The room keeps its sensors, service calls and link; the TV stays dark.
        logger.error({ err: (e as Error).message }, 'playback failed to start');
      }

      if (playback) {
        const { amp, volume } = playback;
        // A relay-powered amp wakes at its power-on defaults: send it the levels again.
        hardware.attachAmp(amp, () => amp.setMuted(volume.state().muted));
      }
      powerPorts = {
        ...(hardware.tv ? { tv: hardware.tv } : {}),
        outputs: hardware.outputs,
        ...(hardware.lights ? { lights: hardware.lights } : {}),
        ampPower: hardware.ampPower,
      };
      const roomPower = createRoomPower({
        ports: powerPorts,
        clock,
        dataDir,
        record: (e) => ob.record(e),
        logger,
        bpm: () => songTempo(playback?.library.holder.current.index, playback?.service.view().current?.songId),
      });
      power = roomPower;
      await roomPower.start();
      roomPower.controller.onChange(changed);
      if (playback) {
        const { player, service, volume } = playback;
        // Checkout (or another party straight after): the next guests find an empty 已点, 公播
        // playing and the store's levels, not the last party's songs and microphone.
        roomPower.controller.onGuestsLeft(() => {
          void resetForNextGuests({ service, volume, levels: config.amp, logger });
        });
        welcome = new WelcomeScreen({
          player,
          clock,
          lang: config.lang,
          roomName: config.roomName,
          welcomeSeconds: () => roomPower.controller.sceneSettings.welcomeSeconds ?? DEFAULT_WELCOME_SECONDS,
          songPlaying: () => service.view().current !== null,
          logger,
        });
      }

      web = await buildWebApp({
        view,
        onChange: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        call: () => rc.apply({ kind: 'screenCall' }),
        sim: simDriver
          ? {
              door: (open) => simDriver.setDoor(open),
              motion: () => simDriver.motion(),
              call: () => simDriver.pressCall(),
            }
          : undefined,
        defaultLang: config.lang,
        ...(playback
          ? { playback: { catalog: playback.catalog, playback: playback.service, volume: playback.volume } }
          : {}),
        ...(playback ? { search: { holder: playback.library.holder, view: playback.library.view } } : {}),
        // Request logs are debug noise on a touchscreen; warnings and errors still show.
        logger: logger.child({ component: 'web' }, { level: 'warn' }),
      });
      roomPowerRoutes(web, {
        power: roomPower,
        ports: powerPorts,
        ...(testClock ? { testClock } : {}),
        onChange: changed,
      });
      welcomeRoutes(web, () => welcome?.view() ?? null);
      await web.listen({ host: config.web.host, port: config.web.port });
      const address = web.server.address();
      const webPort = typeof address === 'object' && address !== null ? address.port : config.web.port;

      link = new GatewayLink({
        config,
        outbox: ob,
        logger,
        clock,
        getState: roomState,
        onCommand,
        onCatalog: (announcement) => playback?.library.announce(announcement),
        ...(options.backoff ? { backoff: options.backoff } : {}),
      });
      link.onConnectionChange(changed);
      link.start();

      const touchHost = config.web.host === '0.0.0.0' || config.web.host === '::' ? '127.0.0.1' : config.web.host;
      logger.info({ roomId: config.roomId, webPort, touchUrl: `http://${touchHost}:${webPort}/` }, 'agent ready');
      return { webPort };
    },

    async stop() {
      await link?.stop();
      room?.stop();
      await sensors.stop();
      await web?.close();
      await welcome?.stop();
      await playback?.stop();
      await power?.stop();
      await hardware.stop();
      await outbox?.close();
      listeners.clear();
      logger.info({ roomId: config.roomId }, 'agent stopped');
    },
  };
}
