import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../time/fake-clock.js';
import { LineBuffer } from './line-buffer.js';
import { MpvError } from './mpv-error.js';
import { MpvIpcClient } from './mpv-ipc.js';
import type { MpvEvent } from './mpv-messages.js';
import { makeTempDir } from './test-media.js';

/** A stand-in for mpv's end of the socket: the test reads requests and writes raw bytes. */
class FakeMpv {
  private socket: Socket | null = null;
  private buffered = '';
  private waiting: ((req: { command: unknown[]; request_id: number }) => void)[] = [];
  private queue: { command: unknown[]; request_id: number }[] = [];

  constructor(readonly server: Server) {
    server.on('connection', (s) => {
      this.socket = s;
      s.on('error', () => undefined); // the client end resets the connection when a test closes it
      s.on('data', (d) => {
        this.buffered += d.toString('utf8');
        for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
          const req = JSON.parse(this.buffered.slice(0, nl));
          this.buffered = this.buffered.slice(nl + 1);
          const w = this.waiting.shift();
          if (w) w(req);
          else this.queue.push(req);
        }
      });
    });
  }

  nextRequest(): Promise<{ command: unknown[]; request_id: number }> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Writes `bytes` in pieces of `size` bytes, each its own socket write. */
  async send(bytes: Buffer | string, size = Number.POSITIVE_INFINITY): Promise<void> {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
    for (let i = 0; i < buf.length; i += size) {
      await new Promise<void>((resolve) => this.socket?.write(buf.subarray(i, i + size), () => resolve()));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  drop(): void {
    this.socket?.destroy();
  }
}

describe('line buffer', () => {
  it('reassembles lines split anywhere, even inside a multi-byte character', () => {
    const text = Buffer.from('{"a":"月光"}\n{"b":2}\n{"c"', 'utf8');
    for (let cut = 1; cut < text.length; cut++) {
      const lb = new LineBuffer();
      const lines = [...lb.push(text.subarray(0, cut)), ...lb.push(text.subarray(cut))];
      assert.deepEqual(lines, ['{"a":"月光"}', '{"b":2}']);
      assert.equal(lb.bufferedBytes, 4);
    }
  });

  it('refuses a line that never ends beyond the limit', () => {
    const lb = new LineBuffer(10);
    assert.throws(() => lb.push(Buffer.alloc(11, 0x41)));
    assert.deepEqual(lb.push(Buffer.from('ok\n')), ['ok']);
  });
});

describe('mpv IPC client (against a fake mpv socket)', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let mpv: FakeMpv;
  let client: MpvIpcClient;
  let clock: FakeClock;

  beforeEach(async () => {
    dir = await makeTempDir('ktv-ipc-');
    const path = join(dir.dir, 's.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    mpv = new FakeMpv(server);
    clock = new FakeClock(0);
    client = await MpvIpcClient.connect(path, { clock, requestTimeoutMs: 1000 });
  });
  afterEach(async () => {
    client.close();
    await new Promise<void>((resolve) => mpv.server.close(() => resolve()));
    await dir.remove();
  });

  it('numbers requests and routes each reply to its own request, in any order', async () => {
    const a = client.command(['get_property', 'volume']);
    const b = client.command(['get_property', 'pause']);
    const ra = await mpv.nextRequest();
    const rb = await mpv.nextRequest();
    assert.deepEqual(ra.command, ['get_property', 'volume']);
    assert.notEqual(ra.request_id, rb.request_id);
    await mpv.send(`{"request_id":${rb.request_id},"error":"success","data":true}\n`);
    await mpv.send(`{"request_id":${ra.request_id},"error":"success","data":80}\n`);
    assert.equal(await a, 80);
    assert.equal(await b, true);
  });

  it('a long reply arriving in many chunks (track-list) is reassembled', async () => {
    const tracks = Array.from({ length: 3000 }, (_, i) => ({
      id: i + 1,
      type: 'audio',
      selected: i === 0,
      external: false,
      title: `音轨 ${i}`,
    }));
    const p = client.getProperty('track-list');
    const req = await mpv.nextRequest();
    const line = `${JSON.stringify({ data: tracks, request_id: req.request_id, error: 'success' })}\n`;
    assert.ok(line.length > 100_000);
    await mpv.send(line, 1013);
    const got = await p;
    assert.equal(got.length, 3000);
    assert.equal(got[2999]?.title, '音轨 2999');
  });

  it('routes events apart from replies, and property changes to their observer', async () => {
    const events: MpvEvent[] = [];
    client.onEvent((e) => events.push(e));
    const seen: (number | null)[] = [];
    const observing = client.observeProperty('time-pos', (v) => seen.push(v));
    const req = await mpv.nextRequest();
    assert.deepEqual(req.command, ['observe_property', 1, 'time-pos']);
    await mpv.send(`{"request_id":${req.request_id},"error":"success"}\n`);
    const unobserve = await observing;
    await mpv.send(
      '{"event":"property-change","id":1,"name":"time-pos","data":1.5}\n' +
        '{"event":"end-file","reason":"eof","playlist_entry_id":3}\n' +
        '{"event":"property-change","id":1,"name":"time-pos"}\n',
      7,
    );
    const stop = unobserve();
    const ureq = await mpv.nextRequest();
    assert.deepEqual(ureq.command, ['unobserve_property', 1]);
    await mpv.send(`{"request_id":${ureq.request_id},"error":"success"}\n`);
    await stop;
    assert.deepEqual(seen, [1.5, null]);
    assert.deepEqual(events, [{ kind: 'event', event: 'end-file', fields: { reason: 'eof', playlist_entry_id: 3 } }]);
  });

  it('an mpv error becomes KTV_E_MPV_COMMAND; no reply in time becomes KTV_E_MPV_TIMEOUT', async () => {
    const bad = client.command(['get_property', 'nope']);
    const req = await mpv.nextRequest();
    await mpv.send(`{"request_id":${req.request_id},"error":"property not found"}\n`);
    await assert.rejects(bad, (e: unknown) => e instanceof MpvError && e.code === 'KTV_E_MPV_COMMAND');
    const slow = client.command(['get_property', 'volume']);
    const late = await mpv.nextRequest();
    clock.advance(1000);
    await assert.rejects(slow, (e: unknown) => e instanceof MpvError && e.code === 'KTV_E_MPV_TIMEOUT');
    await mpv.send(`{"request_id":${late.request_id},"error":"success","data":1}\n`); // ignored
  });

  it('a dropped connection rejects what is pending and reports the close', async () => {
    const closed = new Promise<void>((resolve) => client.onClose(() => resolve()));
    const pending = client.command(['get_property', 'volume']);
    await mpv.nextRequest();
    mpv.drop();
    await assert.rejects(pending, (e: unknown) => e instanceof MpvError && e.code === 'KTV_E_MPV_CLOSED');
    await closed;
    assert.equal(client.closed, true);
    await assert.rejects(
      client.command(['stop']),
      (e: unknown) => e instanceof MpvError && e.code === 'KTV_E_MPV_CLOSED',
    );
  });

  it('warns about unreadable lines and keeps going', async () => {
    const warnings: string[] = [];
    client.onWarning((w) => warnings.push(w));
    const p = client.command(['get_property', 'volume']);
    const req = await mpv.nextRequest();
    await mpv.send(`not json\n{"request_id":${req.request_id},"error":"success","data":5}\n`);
    assert.equal(await p, 5);
    assert.equal(warnings.length, 1);
  });
});
