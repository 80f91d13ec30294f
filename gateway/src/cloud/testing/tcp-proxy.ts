import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ProxyFaults {
  /** Per chunk: the chance that the connection is reset (RST) instead of forwarding it. */
  resetChance: number;
  /** Per chunk: the chance that it is held back for `delayMs` first. */
  delayChance: number;
  delayMs: number;
  /** Per chunk: the chance that it is silently dropped and the connection closed. */
  dropChance: number;
}

export const NO_FAULTS: ProxyFaults = { resetChance: 0, delayChance: 0, delayMs: 0, dropChance: 0 };

/**
 * A TCP proxy on 127.0.0.1 for tests: forwards to a target and, per chunk, resets, delays or drops
 * according to `faults` (changeable at any time), or refuses everything while `down`. It cuts
 * links mid-batch the way a store's DSL line does. The random source is injected.
 */
export class FaultyProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  faults: ProxyFaults = NO_FAULTS;
  down = false;
  port = 0;
  resets = 0;
  drops = 0;
  delays = 0;

  constructor(
    private readonly targetPort: number,
    private readonly random: () => number = Math.random,
  ) {}

  async start(port = 0): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const a = server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    return this.port;
  }

  /** Cuts every open connection now (RST). */
  cutAll(): void {
    for (const s of this.sockets) s.resetAndDestroy();
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const close = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
    const pipe = (from: Socket, to: Socket) => {
      let chain = Promise.resolve();
      from.on('data', (chunk: Buffer) => {
        const f = this.faults;
        const r = this.random();
        if (this.down || r < f.resetChance) {
          this.resets += 1;
          client.resetAndDestroy();
          upstream.resetAndDestroy();
          return;
        }
        if (r < f.resetChance + f.dropChance) {
          this.drops += 1;
          close();
          return;
        }
        const delay = r < f.resetChance + f.dropChance + f.delayChance ? f.delayMs : 0;
        if (delay > 0) this.delays += 1;
        from.pause();
        chain = chain.then(
          () =>
            new Promise<void>((resolve) => {
              const go = () => {
                if (!to.destroyed) to.write(chunk);
                from.resume();
                resolve();
              };
              if (delay > 0) setTimeout(go, delay);
              else go();
            }),
        );
      });
    };
    pipe(client, upstream);
    pipe(upstream, client);
  }

  async stop(): Promise<void> {
    this.cutAll();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
