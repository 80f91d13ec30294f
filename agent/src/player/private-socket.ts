import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Unix socket paths are limited to 107 bytes on Linux (sun_path is 108 with the NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

/**
 * Prepares `DATA/mpv/ipc.sock`: the folder is created with mode 0700 (only the agent's user may
 * reach mpv's IPC, which can run commands) and a stale socket file is removed.
 */
export async function preparePrivateSocket(dataDir: string, name = 'ipc.sock'): Promise<string> {
  const dir = join(dataDir, 'mpv');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = join(dir, name);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`mpv IPC socket path is too long for a unix socket (${path})`);
  }
  await rm(path, { force: true });
  return path;
}
