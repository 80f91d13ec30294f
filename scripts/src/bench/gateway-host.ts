import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGateway, parseConfig, provisionDevice, SettingsStore, silentLogger } from '@ktv/gateway';
import { roomIdOf } from './broker-load.js';

export const BENCH_STORE = 'bench';

/**
 * The whole gateway for the broker benchmark: `rooms` provisioned room devices r001.. and one
 * monitor; their bundles are written to DATA/bench-credentials.json for the load generator.
 */
export async function provisionBenchStore(dataDir: string, rooms: number): Promise<void> {
  const settings = await SettingsStore.open(dataDir);
  const mqttUrl = 'mqtt://127.0.0.1:1883';
  const credentials: Record<string, { username: string; password: string }> = {};
  for (let n = 1; n <= rooms; n += 1) {
    const bundle = await provisionDevice(settings, { kind: 'room', room: roomIdOf(n), storeId: BENCH_STORE, mqttUrl });
    credentials[roomIdOf(n)] = { username: bundle.username, password: bundle.password };
  }
  const monitor = await provisionDevice(settings, { kind: 'monitor', name: 'bench', storeId: BENCH_STORE, mqttUrl });
  credentials.monitor = { username: monitor.username, password: monitor.password };
  writeFileSync(join(dataDir, 'bench-credentials.json'), JSON.stringify(credentials));
}

export async function startBenchGateway(dataDir: string): Promise<{ port: number; stop(): Promise<void> }> {
  const gateway = createGateway({
    dataDir,
    config: parseConfig({
      storeId: BENCH_STORE,
      mqtt: { host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
    }),
    logger: silentLogger(),
  });
  const { mqttPort } = await gateway.start();
  return { port: mqttPort, stop: () => gateway.stop() };
}
