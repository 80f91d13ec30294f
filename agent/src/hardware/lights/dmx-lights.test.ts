import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, type ReadStream } from 'node:fs';
import { describe, it } from 'node:test';
import { waitUntil } from '../../testing/wait.js';
import { systemClock } from '../../time/clock.js';
import { DmxLights } from './dmx-lights.js';
import { type DecodedDmxMessage, decodeEnttecMessages, ENTTEC_LABEL_SEND_DMX, enttecDmxMessage } from './enttec-pro.js';
import { CONTRACT_LAYOUT, lightContract } from './light-contract.js';
import { isLightError, LightErrorCodes } from './port.js';

/** Two linked pseudo-terminals from socat: the driver writes one end, the test reads the other. */
async function ptyPair(): Promise<{ driverEnd: string; deviceEnd: string; socat: ChildProcess }> {
  const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ends: string[] = [];
  let log = '';
  socat.stderr?.setEncoding('utf8');
  socat.stderr?.on('data', (d: string) => {
    log += d;
    for (const m of d.matchAll(/PTY is (\S+)/g)) ends.push(m[1] ?? '');
  });
  await waitUntil(`socat's two ptys (${log})`, () => ends.length === 2 && /starting data transfer loop/.test(log));
  return { driverEnd: ends[0] ?? '', deviceEnd: ends[1] ?? '', socat };
}

/** The widget's side: bytes off the wire, decoded message by message as they arrive. */
function widget(path: string): { messages: DecodedDmxMessage[]; bytes: () => number; stream: ReadStream } {
  const messages: DecodedDmxMessage[] = [];
  let pending = Buffer.alloc(0);
  let total = 0;
  const stream = createReadStream(path);
  // The pty goes away (EIO) when socat ends at cleanup.
  stream.on('error', () => undefined);
  stream.on('data', (chunk) => {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    total += b.length;
    pending = Buffer.concat([pending, b]);
    const { messages: got, rest } = decodeEnttecMessages(pending);
    messages.push(...got);
    pending = Buffer.from(rest);
  });
  return { messages, bytes: () => total, stream };
}

lightContract('DMX (Enttec Pro framing) through a pseudo-terminal', async () => {
  const { driverEnd, deviceEnd, socat } = await ptyPair();
  const w = widget(deviceEnd);
  const port = new DmxLights({ port: driverEnd, layout: CONTRACT_LAYOUT, clock: systemClock });
  return {
    port,
    async received(count) {
      await waitUntil(`${count} DMX frames`, () => w.messages.length >= count);
      assert.equal(w.messages.length, count, 'no extra frames');
      const m = w.messages[count - 1];
      assert.equal(m?.label, ENTTEC_LABEL_SEND_DMX);
      assert.equal(m?.startCode, 0);
      return m?.slots ?? [];
    },
    async cleanup() {
      w.stream.destroy();
      socat.kill();
    },
  };
});

describe('DMX over the Enttec DMX USB Pro protocol', () => {
  it('frames byte by byte: 0x7E, label 6, length LSB/MSB (slots + start code), 0x00, slots, 0xE7', () => {
    const slots = new Uint8Array(24);
    slots[0] = 255;
    slots[1] = 0x0a; // a newline byte must pass untouched
    slots[23] = 0x7e; // and a start delimiter inside the data is just data
    const m = enttecDmxMessage(slots);
    assert.equal(m.length, 24 + 6);
    assert.deepEqual([...m.subarray(0, 6)], [0x7e, 6, 25, 0, 0x00, 255]);
    assert.equal(m[6], 0x0a);
    assert.equal(m[28], 0x7e);
    assert.equal(m[29], 0xe7);
    const full = enttecDmxMessage(new Uint8Array(512));
    assert.deepEqual([...full.subarray(0, 4)], [0x7e, 6, 513 & 0xff, 513 >> 8]);
    assert.equal(full.length, 518);
    assert.deepEqual(decodeEnttecMessages(Buffer.concat([m, full.subarray(0, 10)])).messages.length, 1);
    assert.throws(() => decodeEnttecMessages(Buffer.from([0x7e, 6, 1, 0, 0, 0x00])), /expected 0xE7/);
  });

  it('a 512-slot universe with bytes a cooked tty would mangle arrives intact through the pty', async () => {
    const { driverEnd, deviceEnd, socat } = await ptyPair();
    const w = widget(deviceEnd);
    const channels: Record<string, number[]> = {};
    for (let i = 1; i <= 512; i++) channels[`c${i}`] = [i];
    const lights = new DmxLights({ port: driverEnd, layout: { slots: 512, channels }, clock: systemClock });
    try {
      await lights.start();
      const look: Record<string, number> = {};
      for (let i = 1; i <= 512; i++) look[`c${i}`] = i % 256; // every byte value, 0x0A, 0x0D, 0x03, 0x1A included
      await lights.show(look);
      await waitUntil('two frames', () => w.messages.length === 2);
      assert.equal(w.bytes(), 2 * 518);
      assert.deepEqual(
        w.messages[1]?.slots,
        Array.from({ length: 512 }, (_, i) => (i + 1) % 256),
      );
    } finally {
      await lights.stop();
      w.stream.destroy();
      socat.kill();
    }
  });

  it('a missing adapter is KTV_E_LIGHT_IO naming the device', async () => {
    const lights = new DmxLights({ port: '/dev/ttyUSB-nonexistent', layout: CONTRACT_LAYOUT, clock: systemClock });
    await assert.rejects(
      lights.start(),
      (e: unknown) => isLightError(e, LightErrorCodes.IO) && /ttyUSB-nonexistent/.test(e.message),
    );
  });
});
