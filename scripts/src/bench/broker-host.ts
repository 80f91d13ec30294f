/**
 * Runs one broker in its own process so its CPU can be measured apart from the load generator:
 *   node broker-host.js bare              a bare Aedes on 127.0.0.1
 *   node broker-host.js gateway DATA_DIR  the whole gateway (auth, ACL, validation, ingest, rooms)
 * Prints `{"port":N}` when listening; on stdin, `cpu` prints `{"cpuUs":N}` and `stop` exits.
 */
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { Aedes } from 'aedes';
import { startBenchGateway } from './gateway-host.js';

async function startBare(): Promise<{ port: number; stop(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  const [mode, dataDir] = process.argv.slice(2);
  const host = mode === 'gateway' ? await startBenchGateway(dataDir ?? '') : await startBare();
  process.stdout.write(`${JSON.stringify({ port: host.port })}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'cpu') {
      const u = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpuUs: u.user + u.system })}\n`);
    } else if (line === 'stop') {
      void host.stop().then(() => process.exit(0));
    }
  });
}

void main();
