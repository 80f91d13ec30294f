import type { Clock } from '../time/clock.js';
import type { MpvIpcClient } from './mpv-ipc.js';
import type { MpvEvent } from './mpv-messages.js';
import { PlayerError } from './player-port.js';

/**
 * Follows the events of one `loadfile`: listening starts before the command is sent, and the
 * events are matched to the playlist entry id of the reply once it arrives. Resolves on the
 * first `playback-restart` (the start position reached, paused or not) after the `file-loaded`
 * that follows our `start-file`; rejects on our `end-file` (error, or replaced).
 */
export class LoadWaiter {
  private readonly seen: MpvEvent[] = [];
  private entryId: number | null = null;
  private started = false;
  private loaded = false;
  private settle: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private outcome: { ok: true } | { ok: false; error: Error } | null = null;
  private readonly offEvent: () => void;
  private readonly offClose: () => void;

  constructor(
    client: MpvIpcClient,
    private readonly file: string,
  ) {
    this.offEvent = client.onEvent((e) => {
      if (this.entryId === null) this.seen.push(e);
      else this.feed(e);
    });
    this.offClose = client.onClose(() =>
      this.finish({ ok: false, error: new PlayerError('KTV_E_PLAYER_LOAD', `mpv went away loading ${file}`) }),
    );
  }

  /** Call with the `playlist_entry_id` from the loadfile reply; resolves once the file plays. */
  wait(entryId: number, clock: Clock, timeoutMs: number): Promise<void> {
    this.entryId = entryId;
    for (const e of this.seen.splice(0)) this.feed(e);
    return new Promise<void>((resolve, reject) => {
      if (this.outcome) {
        this.off();
        if (this.outcome.ok) resolve();
        else reject(this.outcome.error);
        return;
      }
      const cancel = clock.setTimeout(
        () =>
          this.finish({ ok: false, error: new PlayerError('KTV_E_PLAYER_LOAD', `${this.file}: not loaded in time`) }),
        timeoutMs,
      );
      this.settle = {
        resolve: () => {
          cancel();
          resolve();
        },
        reject: (err) => {
          cancel();
          reject(err);
        },
      };
    });
  }

  cancel(): void {
    this.off();
  }

  private off(): void {
    this.offEvent();
    this.offClose();
  }

  private feed(e: MpvEvent): void {
    const id = e.fields.playlist_entry_id;
    if (e.event === 'start-file' && id === this.entryId) this.started = true;
    else if (e.event === 'file-loaded' && this.started) this.loaded = true;
    else if (e.event === 'playback-restart' && this.loaded) this.finish({ ok: true });
    else if (e.event === 'end-file' && id === this.entryId) {
      const reason = String(e.fields.reason ?? 'unknown');
      const detail = typeof e.fields.file_error === 'string' ? ` (${e.fields.file_error})` : '';
      this.finish({ ok: false, error: new PlayerError('KTV_E_PLAYER_LOAD', `${this.file}: ${reason}${detail}`) });
    }
  }

  private finish(outcome: { ok: true } | { ok: false; error: Error }): void {
    if (this.outcome) return;
    this.outcome = outcome;
    if (!this.settle) return;
    this.off();
    if (outcome.ok) this.settle.resolve();
    else this.settle.reject(outcome.error);
  }
}
