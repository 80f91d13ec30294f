import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_BIN, GATEWAY_BIN } from '../testkit/paths.js';
import { type LogLine, type RunningProgram, runProgram, startProgram } from '../testkit/process.js';
import { pickPort } from './ports.js';

export interface RoomSpec {
  id: string;
  name: string;
}

export interface StoreOptions {
  /** Folder for everything: gateway/, room-101/, ... Created if missing. */
  dataDir: string;
  storeId: string;
  rooms: RoomSpec[];
  host?: string;
  /** Preferred ports; a busy one is replaced by a free one. 0 = any free port. */
  httpPort?: number;
  mqttPort?: number;
  /** First touchscreen port; room n gets agentBasePort + n (or a free one). 0 = any free port. */
  agentBasePort?: number;
  /** Admin password for a first start (otherwise the gateway generates one and logs it once). */
  adminPassword?: string;
  /** The `player` config section of a room's agent (default: the simulated player). */
  player?: (roomId: string) => Record<string, unknown>;
  /** The song catalog every room uses (catalog.json); none when absent. */
  catalogFile?: string;
  /**
   * Songs the gateway's library imports before it starts (a folder or a supplier list; unchanged
   * songs make no new version). With it, the rooms follow the gateway's catalog and cache its media;
   * `catalogFile` then only gives them their background playlist (公播).
   */
  libraryImport?: string;
  echo?: boolean;
  /** Programs in their own process groups: a terminal's Ctrl-C reaches only the launcher, which stops rooms first, then the gateway. */
  detached?: boolean;
  /** Called with every JSON log line of every program. */
  onLog?: (program: string, line: LogLine) => void;
}

export interface RunningStore {
  gateway: RunningProgram;
  agents: Map<string, RunningProgram>;
  adminUrl: string;
  httpPort: number;
  mqttPort: number;
  touchUrls: Map<string, string>;
  /** Set when the gateway created its admin account during this start. */
  createdAdminPassword: string | undefined;
  /** Starts (again) the agent of one room, with its data and config kept. */
  startAgent(roomId: string): Promise<RunningProgram>;
  /** Starts (again) the gateway on the same ports. */
  startGateway(): Promise<RunningProgram>;
  stop(): Promise<void>;
}

type Bundle = {
  storeId: string;
  roomId: string;
  roomName: string;
  mqttUrl: string;
  username: string;
  password: string;
};

/** Provisions (once) and starts a gateway and one simulated agent per room, each as its own process. */
export async function launchStore(options: StoreOptions): Promise<RunningStore> {
  const host = options.host ?? '127.0.0.1';
  const gatewayDir = join(options.dataDir, 'gateway');
  mkdirSync(gatewayDir, { recursive: true });

  const mqttPort = await pickPort(options.mqttPort ?? 0, host);
  const httpPort = await pickPort(options.httpPort ?? 0, host);
  const gatewayConfigPath = join(gatewayDir, 'config.json');
  writeFileSync(
    gatewayConfigPath,
    `${JSON.stringify({ storeId: options.storeId, mqtt: { host, port: mqttPort }, http: { host, port: httpPort } }, null, 2)}\n`,
  );

  if (options.libraryImport) {
    const r = await runProgram(GATEWAY_BIN, ['library', 'import', options.libraryImport, '--data', gatewayDir]);
    if (r.code !== 0)
      throw new Error(`library import ${options.libraryImport} failed (${r.code}): ${r.stderr}${r.stdout}`);
  }
  const catalog = (): Record<string, unknown> | undefined => {
    if (options.libraryImport) {
      return { source: 'gateway', file: options.catalogFile ?? '', gatewayHttpUrl: `http://${host}:${httpPort}` };
    }
    return options.catalogFile ? { file: options.catalogFile } : undefined;
  };

  const agentConfigs = new Map<string, string>();
  for (const [index, room] of options.rooms.entries()) {
    const roomDir = join(options.dataDir, `room-${room.id}`);
    mkdirSync(roomDir, { recursive: true });
    const bundlePath = join(roomDir, 'bundle.json');
    if (!existsSync(bundlePath)) {
      const r = await runProgram(GATEWAY_BIN, [
        'device',
        'add',
        '--room',
        room.id,
        '--name',
        room.name,
        '--data',
        gatewayDir,
        '--config',
        gatewayConfigPath,
        '--out',
        bundlePath,
      ]);
      if (r.code !== 0) throw new Error(`device add --room ${room.id} failed (${r.code}): ${r.stderr}${r.stdout}`);
    }
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as Bundle;
    const webPort = await pickPort(options.agentBasePort ? options.agentBasePort + index + 1 : 0, host);
    const config = {
      version: 1,
      storeId: bundle.storeId,
      roomId: bundle.roomId,
      roomName: bundle.roomName,
      dataDir: join(roomDir, 'data'),
      // The gateway may have moved to a free port since the bundle was written.
      gateway: { mqttUrl: `mqtt://${host}:${mqttPort}`, username: bundle.username, password: bundle.password },
      web: { host, port: webPort },
      sensors: { driver: 'sim' },
      ...(options.player ? { player: options.player(room.id) } : {}),
      ...(catalog() ? { catalog: catalog() } : {}),
    };
    const configPath = join(roomDir, 'config.json');
    writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
    chmodSync(configPath, 0o600);
    agentConfigs.set(room.id, configPath);
  }

  const echo = options.echo ?? false;
  let gateway: RunningProgram | undefined;
  const startGateway = async () => {
    const program = startProgram('gateway', GATEWAY_BIN, ['--data', gatewayDir, '--config', gatewayConfigPath], {
      env: options.adminPassword ? { KTV_ADMIN_PASSWORD: options.adminPassword } : {},
      echo,
      detached: options.detached ?? false,
      onLog: (line) => options.onLog?.('gateway', line),
    });
    gateway = program;
    await program.waitForLog('gateway ready', 30_000);
    return program;
  };
  const agents = new Map<string, RunningProgram>();
  const touchUrls = new Map<string, string>();
  const startAgent = async (roomId: string) => {
    const configPath = agentConfigs.get(roomId);
    if (!configPath) throw new Error(`room ${roomId} is not part of this store`);
    const program = startProgram(`room-${roomId}`, AGENT_BIN, ['--config', configPath], {
      echo,
      detached: options.detached ?? false,
      onLog: (line) => options.onLog?.(`room-${roomId}`, line),
    });
    agents.set(roomId, program);
    const ready = await program.waitForLog('agent ready', 30_000);
    touchUrls.set(roomId, String(ready.touchUrl));
    return program;
  };

  const first = await startGateway();
  const created = first.logs.find((l) => l.msg === 'admin account created');
  await Promise.all(options.rooms.map((r) => startAgent(r.id)));

  return {
    get gateway() {
      if (!gateway) throw new Error('gateway not started');
      return gateway;
    },
    agents,
    adminUrl: `http://${host}:${httpPort}/`,
    httpPort,
    mqttPort,
    touchUrls,
    createdAdminPassword: typeof created?.password === 'string' ? created.password : undefined,
    startAgent,
    startGateway,
    async stop() {
      // Rooms first, so each can say goodbye (online=false) to a gateway that is still there.
      await Promise.all([...agents.values()].map((a) => a.stop('SIGTERM')));
      if (gateway) await gateway.stop('SIGTERM');
    },
  };
}
