import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';

export interface TestBroker {
  broker: Aedes;
  port: number;
  /** Cuts every client's TCP connection without a DISCONNECT (a network failure). */
  dropClients(): void;
  close(): Promise<void>;
}

/** A plain in-process Aedes on 127.0.0.1 (port 0 = a free one, or a given port to "come back"). */
export async function startBroker(
  port = 0,
  options: { refuse?: (username: string | undefined) => boolean } = {},
): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  if (options.refuse) {
    const refuse = options.refuse;
    broker.authenticate = (_client, user, _pass, done) => done(null, !refuse(user));
  }
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    broker,
    port: address.port,
    dropClients: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      // Stop accepting first, so a client reconnecting right now cannot keep the server open.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/** A free port on 127.0.0.1 (nothing listens on it when this resolves). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}
