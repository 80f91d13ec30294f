import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is agent/dist/doctor/testing/real-gateway.js when it runs). */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const GATEWAY_BIN = join(ROOT, 'gateway', 'bin', 'ktv-gateway.js');
export const AGENT_BIN = join(ROOT, 'agent', 'bin', 'ktv-agent.js');

export interface RealGateway {
  mqttPort: number;
  httpPort: number;
  /** A room's credentials from `ktv-gateway device add --room`. */
  room: { roomId: string; username: string; password: string; storeId: string; mqttUrl: string };
  stop(): Promise<void>;
}

/**
 * The real gateway program (`ktv-gateway run`) on 127.0.0.1 with ports the system picks, and one
 * room added with `ktv-gateway device add`, as a technician would. Stops with SIGTERM.
 */
export async function startRealGateway(dataDir: string, roomId = '101'): Promise<RealGateway> {
  const configFile = join(dataDir, '..', 'gateway-config.json');
  await writeFile(
    configFile,
    JSON.stringify({ storeId: 'demo', mqtt: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 } }),
  );
  const child: ChildProcess = spawn(process.execPath, [GATEWAY_BIN, 'run', '--data', dataDir, '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KTV_ADMIN_PASSWORD: 'doctor-admin' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => output.push(l));
  const ports = await new Promise<{ mqttPort: number; httpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway not ready in 20 s:\n${output.join('\n')}`)), 20_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      try {
        const log = JSON.parse(line) as { msg?: string; mqttPort?: number; httpPort?: number };
        if (log.msg === 'gateway ready' && log.mqttPort && log.httpPort) {
          clearTimeout(timer);
          resolve({ mqttPort: log.mqttPort, httpPort: log.httpPort });
        }
      } catch {
        // not a log line
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`gateway exited before ready:\n${output.join('\n')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const mqttUrl = `mqtt://127.0.0.1:${ports.mqttPort}`;
    const bundleFile = join(dataDir, '..', `room-${roomId}.json`);
    const add = spawn(
      process.execPath,
      [GATEWAY_BIN, 'device', 'add', '--room', roomId, '--data', dataDir, '--mqtt-url', mqttUrl, '--out', bundleFile],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let addOut = '';
    add.stdout?.on('data', (d: Buffer) => (addOut += d.toString()));
    add.stderr?.on('data', (d: Buffer) => (addOut += d.toString()));
    const code = await new Promise<number | null>((resolve) => add.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`device add failed (${String(code)}): ${addOut}`);
    const bundle = JSON.parse(await readFile(bundleFile, 'utf8')) as RealGateway['room'];
    return { ...ports, room: bundle, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
