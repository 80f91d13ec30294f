import { join } from 'node:path';
import type { Logger } from '../../logger.js';
import { CloudStore } from './cloud-store.js';
import { HttpsEndpoint } from './https-endpoint.js';
import { MqttSubscriber } from './mqtt-subscriber.js';

export interface ReceiverOptions {
  dataDir: string;
  logger: Logger;
  https?: { host: string; port: number; cert?: Buffer; key?: Buffer; tokens?: readonly string[] };
  mqtt?: {
    url: string;
    clientId: string;
    filter?: string;
    username?: string;
    password?: string;
    ca?: Buffer;
    servername?: string;
  };
}

/**
 * The reference cloud receiver (`ktv-gateway cloud receive`): an HTTPS endpoint and/or a
 * subscriber on a broker, both storing into one CloudStore (DATA/journal), de-duplicated by id.
 */
export class CloudReceiver {
  private endpoint: HttpsEndpoint | undefined;
  private subscriber: MqttSubscriber | undefined;
  httpsPort: number | undefined;

  private constructor(
    readonly store: CloudStore,
    private readonly o: ReceiverOptions,
  ) {}

  static async open(o: ReceiverOptions): Promise<CloudReceiver> {
    return new CloudReceiver(await CloudStore.open(join(o.dataDir, 'journal'), o.logger), o);
  }

  async start(): Promise<void> {
    const store = this.store;
    if (this.o.https) {
      this.endpoint = new HttpsEndpoint({
        ...this.o.https,
        logger: this.o.logger,
        store: (events) => store.add(events),
        onInvalid: (n) => store.countInvalid(n),
        stats: () => this.counts(),
      });
      this.httpsPort = await this.endpoint.start();
      this.o.logger.info({ port: this.httpsPort }, 'cloud receiver: HTTPS endpoint listening');
    }
    if (this.o.mqtt) {
      this.subscriber = new MqttSubscriber({
        ...this.o.mqtt,
        logger: this.o.logger,
        store: (events) => store.add(events),
        onInvalid: (n) => store.countInvalid(n),
        onConnected: (up) => this.o.logger.info({ up }, 'cloud receiver: broker subscription'),
      });
      this.subscriber.start();
    }
  }

  mqttConnected(): boolean {
    return this.subscriber?.connected() ?? false;
  }

  counts() {
    return { ...this.store.counts(), replayedBatches: this.endpoint?.replayedBatches() ?? 0 };
  }

  async stop(): Promise<void> {
    await this.subscriber?.stop();
    await this.endpoint?.stop();
    await this.store.close();
  }
}
