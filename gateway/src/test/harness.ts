import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { parseConfig } from '../config/load.js';
import { createGateway, type Gateway } from '../gateway.js';
import { type MonitorBundle, provisionDevice, type RoomBundle } from '../settings/provision.js';
import { SettingsStore } from '../settings/settings-store.js';

export const STORE = 'demo';
export const ADMIN_PASSWORD = 'front-desk-secret';

export interface TestGateway {
  gateway: Gateway;
  dataDir: string;
  mqttUrl: string;
  mqttPort: number;
  httpUrl: string;
  room101: RoomBundle;
  room102: RoomBundle;
  monitor: MonitorBundle;
  token: string;
  logs: { msg: string; [k: string]: unknown }[];
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** A real gateway on 127.0.0.1 (ports 0) in a temp dir, with rooms 101 and 102 and a monitor. */
export async function startTestGateway(): Promise<TestGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ktv-gw-test-'));
  const settings = await SettingsStore.open(dataDir);
  const url = 'mqtt://127.0.0.1:1';
  const room101 = (await provisionDevice(settings, {
    kind: 'room',
    room: '101',
    roomName: 'VIP 101',
    storeId: STORE,
    mqttUrl: url,
  })) as RoomBundle;
  const room102 = (await provisionDevice(settings, {
    kind: 'room',
    room: '102',
    storeId: STORE,
    mqttUrl: url,
  })) as RoomBundle;
  const monitor = (await provisionDevice(settings, {
    kind: 'monitor',
    name: 'desk',
    storeId: STORE,
    mqttUrl: url,
  })) as MonitorBundle;
  const logs: TestGateway['logs'] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const config = parseConfig({
    storeId: STORE,
    mqtt: { host: '127.0.0.1', port: 0, maxPacketBytes: 8192 },
    http: { host: '127.0.0.1', port: 0 },
  });
  const gateway = createGateway({ dataDir, config, logger, adminPassword: ADMIN_PASSWORD });
  const { mqttPort, httpPort } = await gateway.start();
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const login = await fetch(`${httpUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  return {
    gateway,
    dataDir,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    mqttPort,
    httpUrl,
    room101,
    room102,
    monitor,
    token,
    logs,
    async api<T>(path: string, init: RequestInit = {}) {
      const res = await fetch(`${httpUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    async stop() {
      await gateway.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Connects with a bundle's credentials (client id = device id unless given). */
export function connect(
  url: string,
  creds: { username: string; password: string },
  options: mqtt.IClientOptions = {},
): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      clientId: creds.username,
      username: creds.username,
      password: creds.password,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...options,
    });
    client.once('connect', () => resolve(client));
    client.once('error', (e) => {
      client.end(true);
      reject(e);
    });
  });
}

/** Resolves when the client's connection closes (e.g. the broker dropped it). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once('close', () => resolve());
  });
}

/** Polls a condition on the next ticks until it holds (for state reached via other processes). */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
