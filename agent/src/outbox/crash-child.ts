/**
 * Helper process for outbox.kill.test: records events as fast as it can (several writers at once)
 * and prints `seq id` for each record() that resolved, until it is killed.
 */
import { pino } from 'pino';
import { Outbox } from './outbox.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-child DIR');
const outbox = await Outbox.open({ dir, roomId: '101', logger: pino({ level: 'silent' }) });

async function writer(): Promise<never> {
  for (;;) {
    const ev = await outbox.record({ type: 'sensor.changed', data: { sensor: 'motion', value: true } });
    process.stdout.write(`${ev.seq} ${ev.id}\n`);
    if (ev.seq % 7 === 0) await outbox.ack(ev.seq - 3);
  }
}
await Promise.all([writer(), writer(), writer(), writer()]);
