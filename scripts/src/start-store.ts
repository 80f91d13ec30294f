/**
 * `npm start`: a whole store on this machine. The gateway (embedded broker, admin page) and three
 * room agents with simulated hardware, each its own process, data in ./.store (or $KTV_STORE_DIR).
 * Ctrl-C stops everything.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchStore, type RunningStore } from './store/launch.js';
import { REPO_ROOT } from './testkit/paths.js';
import type { LogLine } from './testkit/process.js';

const dataDir = process.env.KTV_STORE_DIR ?? join(REPO_ROOT, '.store');
const host = process.env.KTV_HOST ?? '127.0.0.1';
const rooms = [
  { id: '101', name: '101 小包' },
  { id: '102', name: '102 中包' },
  { id: '666', name: '666 豪华包' },
];

const catalogFile = process.env.KTV_CATALOG ?? join(REPO_ROOT, '.media', 'demo', 'catalog.json');
/**
 * The rooms' TVs. By default mpv plays without picture or sound (three rooms' music at once on
 * one laptop is noise); KTV_TV=1 opens each room's TV as a window with sound.
 */
const showTv = process.env.KTV_TV === '1';
const player = (room: string) => ({
  driver: 'mpv',
  extraArgs: showTv
    ? ['--force-window=yes', `--title=KTV 包厢 ${room}`, '--geometry=640x360']
    : ['--vo=null', '--ao=null'],
});

const LEVEL_NAMES: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function showProblem(program: string, line: LogLine): void {
  const level = typeof line.level === 'number' ? line.level : 30;
  if (level < 40) return;
  const { msg, level: _l, time: _t, pid: _p, hostname: _h, ...rest } = line;
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  process.stdout.write(`  [${program}] ${LEVEL_NAMES[level] ?? level}: ${String(msg)}${extra}\n`);
}

async function main(): Promise<void> {
  process.stdout.write(`KTV 门店演示 / demo store — data in ${dataDir}\n`);
  if (!existsSync(catalogFile)) {
    process.stdout.write(`  no song catalog at ${catalogFile}: run scripts/setup (it makes the demo songs)\n`);
  }
  let store: RunningStore;
  try {
    store = await launchStore({
      dataDir,
      storeId: 'demo',
      rooms,
      host,
      httpPort: 8080,
      mqttPort: 11883,
      agentBasePort: 8100,
      player,
      detached: true,
      catalogFile: existsSync(catalogFile) ? catalogFile : undefined,
      // The demo songs go into the gateway's library; the rooms fetch its catalog and media.
      libraryImport: existsSync(catalogFile) ? catalogFile : undefined,
      onLog: showProblem,
    });
  } catch (e) {
    process.stderr.write(`could not start the store: ${(e as Error).message}\n`);
    process.exit(1);
  }

  const passwordFile = join(dataDir, 'admin-password.txt');
  if (store.createdAdminPassword) {
    writeFileSync(passwordFile, `${store.createdAdminPassword}\n`);
    chmodSync(passwordFile, 0o600);
  }
  const password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : undefined;

  const lines = [
    '',
    `  前台管理页 admin page:   ${store.adminUrl}`,
    `    账号 user: admin   密码 password: ${password ?? '(set on first start; see the gateway log)'}`,
    `    (demo only: the password is kept in ${passwordFile})`,
    `  MQTT broker:             mqtt://${host}:${store.mqttPort}`,
    ...rooms.map((r) => `  点歌屏 touchscreen:       ${store.touchUrls.get(r.id)}   包厢 ${r.name}`),
    '',
    `  歌曲 songs: ${catalogFile}`,
    `  电视 TV: ${showTv ? 'a window per room (KTV_TV=1)' : 'mpv without picture or sound; KTV_TV=1 npm start shows it'}`,
    '  Press Ctrl-C to stop the store.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the store…\n`);
    await store.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A program that dies on its own is reported; the others keep running.
  for (const program of [store.gateway, ...store.agents.values()]) {
    void program.exited.then((code) => {
      if (!stopping) process.stdout.write(`  [${program.name}] exited unexpectedly (${code})\n`);
    });
  }
}

void main();
