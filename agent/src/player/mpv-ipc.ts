import { createConnection, type Socket } from 'node:net';
import { type Clock, systemClock } from '../time/clock.js';
import { LineBuffer } from './line-buffer.js';
import { MpvError } from './mpv-error.js';
import { formatMpvRequest, type MpvEvent, type MpvValue, parseMpvLine } from './mpv-messages.js';
import { type MpvProperties, type MpvPropertyName, propertyDecoders } from './mpv-properties.js';

export interface MpvIpcOptions {
  clock?: Clock;
  /** Default time limit for one request (ms). */
  requestTimeoutMs?: number;
}

interface Pending {
  resolve: (data: MpvValue | undefined) => void;
  reject: (err: Error) => void;
  cancelTimer: () => void;
  command: string;
}

type Listener<T> = (value: T) => void;

/**
 * A small typed client of mpv's JSON IPC: one request per line with a `request_id`, replies
 * routed to their request (each with a time limit), `event` lines routed apart, and
 * `observe_property` changes routed to their observer by id.
 */
export class MpvIpcClient {
  private nextRequestId = 1;
  private nextObserverId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly observers = new Map<number, (data: MpvValue | undefined) => void>();
  private readonly eventListeners = new Set<Listener<MpvEvent>>();
  private readonly closeListeners = new Set<Listener<Error | undefined>>();
  private readonly warningListeners = new Set<Listener<string>>();
  private readonly lines = new LineBuffer();
  private readonly clock: Clock;
  private readonly requestTimeoutMs: number;
  private isClosed = false;

  private constructor(
    private readonly socket: Socket,
    options: MpvIpcOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 3000;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.shutdown(err));
    socket.on('close', () => this.shutdown(undefined));
  }

  /** Connects once to an mpv IPC socket (see MpvSupervisor for waiting until it exists). */
  static connect(socketPath: string, options: MpvIpcOptions = {}): Promise<MpvIpcClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(socketPath);
      const onError = (err: Error) => {
        socket.destroy();
        reject(new MpvError('KTV_E_MPV_CONNECT', `mpv IPC ${socketPath}: ${err.message}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new MpvIpcClient(socket, options));
      });
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends one command (`["loadfile", path, "replace"]`) and resolves with its reply's `data`. */
  command(args: readonly MpvValue[], timeoutMs = this.requestTimeoutMs): Promise<MpvValue | undefined> {
    if (this.isClosed) return Promise.reject(new MpvError('KTV_E_MPV_CLOSED', 'mpv IPC is closed'));
    const requestId = this.nextRequestId++;
    const name = String(args[0]);
    return new Promise((resolve, reject) => {
      const cancelTimer = this.clock.setTimeout(() => {
        if (!this.pending.delete(requestId)) return;
        reject(new MpvError('KTV_E_MPV_TIMEOUT', `mpv did not answer ${name} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, cancelTimer, command: name });
      this.socket.write(formatMpvRequest(requestId, args));
    });
  }

  async getProperty<K extends MpvPropertyName>(name: K): Promise<MpvProperties[K]> {
    const data = await this.command(['get_property', name]);
    return propertyDecoders[name](data);
  }

  async setProperty(name: string, value: MpvValue): Promise<void> {
    await this.command(['set_property', name, value]);
  }

  /**
   * Observes a property: `onChange` gets its decoded value now and on every change. Resolves with
   * a function that stops observing.
   */
  async observeProperty<K extends MpvPropertyName>(
    name: K,
    onChange: (value: MpvProperties[K]) => void,
  ): Promise<() => Promise<void>> {
    const id = this.nextObserverId++;
    const decode = propertyDecoders[name];
    this.observers.set(id, (data) => {
      let value: MpvProperties[K];
      try {
        value = decode(data);
      } catch (err) {
        this.warn(err instanceof Error ? err.message : String(err));
        return;
      }
      onChange(value);
    });
    try {
      await this.command(['observe_property', id, name]);
    } catch (err) {
      this.observers.delete(id);
      throw err;
    }
    return async () => {
      if (!this.observers.delete(id) || this.isClosed) return;
      await this.command(['unobserve_property', id]);
    };
  }

  /** Every `event` line except property changes (those go to their observer). */
  onEvent(listener: Listener<MpvEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called once when the connection ends (with the socket error, if any). */
  onClose(listener: Listener<Error | undefined>): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Lines that could not be understood, values of an unexpected shape. */
  onWarning(listener: Listener<string>): () => void {
    this.warningListeners.add(listener);
    return () => this.warningListeners.delete(listener);
  }

  close(): void {
    this.socket.destroy();
    this.shutdown(undefined);
  }

  private onData(chunk: Buffer): void {
    let lines: string[];
    try {
      lines = this.lines.push(chunk);
    } catch (err) {
      this.warn(err instanceof Error ? err.message : String(err));
      return;
    }
    for (const line of lines) this.onLine(line);
  }

  private onLine(line: string): void {
    const msg = parseMpvLine(line);
    if (!msg) {
      if (line.trim() !== '') this.warn(`mpv IPC: unreadable line ${line.slice(0, 200)}`);
      return;
    }
    if (msg.kind === 'reply') {
      const p = this.pending.get(msg.requestId);
      if (!p) return; // timed out already
      this.pending.delete(msg.requestId);
      p.cancelTimer();
      if (msg.error === 'success') p.resolve(msg.data);
      else p.reject(new MpvError('KTV_E_MPV_COMMAND', `mpv ${p.command}: ${msg.error}`));
      return;
    }
    if (msg.event === 'property-change') {
      const id = msg.fields.id;
      if (typeof id === 'number') this.observers.get(id)?.(msg.fields.data);
      return;
    }
    for (const l of this.eventListeners) l(msg);
  }

  private warn(message: string): void {
    for (const l of this.warningListeners) l(message);
  }

  private shutdown(err: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const p of this.pending.values()) {
      p.cancelTimer();
      p.reject(new MpvError('KTV_E_MPV_CLOSED', `mpv IPC closed before the reply to ${p.command}`));
    }
    this.pending.clear();
    this.observers.clear();
    for (const l of this.closeListeners) l(err);
    this.closeListeners.clear();
    this.eventListeners.clear();
  }
}
