import type { Clock } from '../time/clock.js';
import { MpvError } from './mpv-error.js';
import type { MpvIpcClient } from './mpv-ipc.js';
import type { MpvEvent } from './mpv-messages.js';

/**
 * Starts listening for the next `name` event now (call before sending the command that causes
 * it); the promise rejects when the time is up or the connection closes.
 */
export function nextMpvEvent(client: MpvIpcClient, name: string, clock: Clock, timeoutMs: number): Promise<MpvEvent> {
  return new Promise((resolve, reject) => {
    const done = () => {
      offEvent();
      offClose();
      cancel();
    };
    const offEvent = client.onEvent((e) => {
      if (e.event !== name) return;
      done();
      resolve(e);
    });
    const offClose = client.onClose(() => {
      done();
      reject(new MpvError('KTV_E_MPV_CLOSED', `mpv IPC closed while waiting for ${name}`));
    });
    const cancel = clock.setTimeout(() => {
      done();
      reject(new MpvError('KTV_E_MPV_TIMEOUT', `no mpv ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}
