import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameScanner } from './frame-scanner.js';

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** A QoS 0 PUBLISH on topic "t" (MQTT 3.1.1 section 3.3). */
function publish(payloadBytes: number): Buffer {
  const body = Buffer.concat([Buffer.from([0x00, 0x01, 0x74]), Buffer.alloc(payloadBytes, 1)]);
  return Buffer.concat([Buffer.from([0x30, ...varint(body.length)]), body]);
}

test('packets within the limit pass, also split across chunks at every byte', () => {
  const stream = Buffer.concat([publish(10), publish(200), publish(0), publish(1000)]);
  for (let cut = 0; cut <= stream.length; cut++) {
    const s = new FrameScanner(1100);
    assert.equal(s.feed(stream.subarray(0, cut)), undefined);
    assert.equal(s.feed(stream.subarray(cut)), undefined);
  }
});

test('an oversized packet is reported from its header alone', () => {
  const big = publish(70_000);
  const s = new FrameScanner(65536);
  assert.equal(s.feed(publish(5)), undefined);
  const size = s.feed(big.subarray(0, 5));
  assert.equal(size, big.length);
});

test('the limit is inclusive', () => {
  const p = publish(100);
  assert.equal(new FrameScanner(p.length).feed(p), undefined);
  assert.equal(new FrameScanner(p.length - 1).feed(p), p.length);
});

test('a malformed length (5 continuation bytes) is refused', () => {
  assert.equal(
    new FrameScanner(65536).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])),
    Number.POSITIVE_INFINITY,
  );
});
