import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestCa } from './test-ca.js';

const run = promisify(execFile);

export interface MosquittoUser {
  username: string;
  password: string;
  /** ACL lines for this user, e.g. `topic write ktv/v1/s1/cloud/up/#`. */
  acl: string[];
}

export interface RunningMosquitto {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** The broker's log so far (for assertion messages). */
  log(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function listening(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const c = createConnection({ host: '127.0.0.1', port }, () => {
        c.destroy();
        resolve();
      });
      c.once('error', () => {
        c.destroy();
        if (Date.now() > deadline) reject(new Error(`mosquitto did not listen on ${port}`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/**
 * Debian's Mosquitto as the chain's cloud broker on 127.0.0.1: TLS with the test CA's server
 * certificate, no anonymous clients, a password file and an ACL written here. Queues for
 * persistent sessions are unbounded (a receiver that is down must get everything afterwards).
 */
export async function startMosquitto(
  dir: string,
  ca: TestCa,
  users: MosquittoUser[],
  o: { port?: number; patterns?: string[] } = {},
): Promise<RunningMosquitto> {
  const port = o.port;
  const chosen = port ?? (await freePort());
  const passwd = join(dir, 'mosquitto.passwd');
  const aclFile = join(dir, 'mosquitto.acl');
  await writeFile(passwd, '');
  for (const u of users) await run('mosquitto_passwd', ['-b', passwd, u.username, u.password]);
  const acl = [...(o.patterns ?? []), '', ...users.map((u) => [`user ${u.username}`, ...u.acl, ''].join('\n'))];
  await writeFile(aclFile, acl.join('\n'));
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      // As root, Mosquitto would switch to the mosquitto user, who cannot read the test's private folder.
      `user ${userInfo().username}`,
      'per_listener_settings false',
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${aclFile}`,
      'persistence false',
      'max_queued_messages 0',
      'max_queued_bytes 0',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      `listener ${chosen} 127.0.0.1`,
      `cafile ${ca.caFile}`,
      `certfile ${ca.certFile}`,
      `keyfile ${ca.keyFile}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([
    listening(chosen, 10_000),
    exited.then(() => {
      throw new Error(`mosquitto exited: ${log}`);
    }),
  ]);
  return {
    port: chosen,
    url: `mqtts://127.0.0.1:${chosen}`,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
