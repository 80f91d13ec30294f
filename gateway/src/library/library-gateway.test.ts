import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type CatalogAnnouncement, createIdFactory, decodeMessage, roomTopic, storeTopic } from '@ktv/protocol';
import type { MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { connect, STORE, startTestGateway, type TestGateway, until } from '../test/harness.js';
import type { ChartRow, LibraryStatus } from './library-api.js';
import type { ImportReport } from './run-import.js';
import { makeMedia } from './test-media.js';

let gw: TestGateway;
let media: string;
let room: MqttClient;
const announcements: CatalogAnnouncement[] = [];
let basic: string;
const BIN = fileURLToPath(new URL('../../bin/ktv-gateway.js', import.meta.url));

before(async () => {
  media = await mkdtemp(join(tmpdir(), 'ktv-library-gw-'));
  await mkdir(join(media, 'songs'));
  await makeMedia(join(media, 'songs', '张学友-吻别.mkv'), 'two-tracks', 2);
  await writeFile(join(media, 'songs', '张学友-吻别.lrc'), '[00:00.00]吻别\n');
  await copyFile(join(media, 'songs', '张学友-吻别.mkv'), join(media, 'songs', '陈奕迅-十年.mkv'));
  await makeMedia(join(media, 'songs', '王菲-红豆.mp3'), 'one-track');
  gw = await startTestGateway();
  basic = `Basic ${Buffer.from(`${gw.room101.username}:${gw.room101.password}`).toString('base64')}`;
  room = await connect(gw.mqttUrl, gw.room101);
  room.on('message', (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    assert.ok(decoded.ok, 'the announcement decodes with the protocol');
    if (decoded.value.topic.kind === 'store' && decoded.value.topic.channel === 'catalog') {
      announcements.push(decoded.value.value as CatalogAnnouncement);
    }
  });
  await room.subscribeAsync(storeTopic(STORE, 'catalog'), { qos: 1 });
});
after(async () => {
  await room?.endAsync();
  await gw?.stop();
  await rm(media, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${gw.httpUrl}${path}`, { headers: { authorization: basic, ...headers } });

describe('the library on a running gateway', () => {
  let report: ImportReport;
  let mediaPath: string;
  let size: number;
  let bytes: Buffer;

  it('imports from the admin API and announces the catalog, retained, to rooms', async () => {
    const r = await gw.api<ImportReport>('/api/library/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: join(media, 'songs') }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    report = r.body;
    assert.equal(report.version, 1);
    assert.equal(report.added, 3);
    const ann = await until('announcement', () => announcements.find((a) => a.version === 1));
    assert.equal(ann.songs, 3);

    // A room that connects later gets it retained.
    const late = await connect(gw.mqttUrl, gw.room102);
    const retained = new Promise<Buffer>((resolve) => late.once('message', (_t, p) => resolve(p)));
    await late.subscribeAsync(storeTopic(STORE, 'catalog'), { qos: 1 });
    const decoded = decodeMessage(storeTopic(STORE, 'catalog'), await retained);
    await late.endAsync();
    assert.ok(decoded.ok);
    assert.equal((decoded.value.value as CatalogAnnouncement).version, 1);

    const stats = await gw.api<LibraryStatus>('/api/library/stats');
    assert.equal(stats.body.version, 1);
    assert.equal(stats.body.songs, 3);
    assert.equal(stats.body.lastImport?.added, 3);
  });

  it('serves the snapshot to a room with its MQTT credentials; refuses without or with wrong ones', async () => {
    const ann = announcements.at(-1) as CatalogAnnouncement;
    assert.equal((await fetch(`${gw.httpUrl}${ann.snapshot.path}`)).status, 401);
    const wrong = `Basic ${Buffer.from(`${gw.room101.username}:nope`).toString('base64')}`;
    const refused = await fetch(`${gw.httpUrl}${ann.snapshot.path}`, { headers: { authorization: wrong } });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate') ?? '', /^Basic/);
    const monitor = `Basic ${Buffer.from(`${gw.monitor.username}:${gw.monitor.password}`).toString('base64')}`;
    assert.equal(
      (await fetch(`${gw.httpUrl}${ann.snapshot.path}`, { headers: { authorization: monitor } })).status,
      401,
    );
    const res = await get(ann.snapshot.path);
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.length, ann.snapshot.bytes);
    assert.equal(createHash('sha256').update(body).digest('hex'), ann.snapshot.sha256);
    const snapshot = JSON.parse(gunzipSync(body).toString()) as { songs: { title: string; media: string }[] };
    const kiss = snapshot.songs.find((s) => s.title === '吻别');
    assert.ok(kiss);
    mediaPath = kiss.media;
    // The admin's session reads it too; an unknown file is 404.
    assert.equal((await gw.api<unknown>(ann.snapshot.path).catch(() => ({ status: 200 }))).status, 200);
    assert.equal((await get('/library/catalog/99.json.gz')).status, 404);
    assert.equal((await get('/library/catalog/..%2Fsettings.json')).status, 404);
  });

  it('serves media with Range requests', async () => {
    bytes = await readFile(join(media, 'songs', '张学友-吻别.mkv'));
    size = bytes.length;
    const whole = await get(mediaPath);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(bytes));
    const etag = whole.headers.get('etag') ?? '';

    const first = await get(mediaPath, { range: 'bytes=0-99' });
    assert.equal(first.status, 206);
    assert.equal(first.headers.get('content-range'), `bytes 0-99/${size}`);
    assert.ok(Buffer.from(await first.arrayBuffer()).equals(bytes.subarray(0, 100)));

    const middle = await get(mediaPath, { range: 'bytes=1000-1999' });
    assert.equal(middle.status, 206);
    assert.ok(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(1000, 2000)));

    const suffix = await get(mediaPath, { range: 'bytes=-500' });
    assert.equal(suffix.status, 206);
    assert.equal(suffix.headers.get('content-range'), `bytes ${size - 500}-${size - 1}/${size}`);
    assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(size - 500)));

    const open = await get(mediaPath, { range: `bytes=${size - 10}-` });
    assert.equal(open.status, 206);
    assert.equal((await open.arrayBuffer()).byteLength, 10);

    const past = await get(mediaPath, { range: `bytes=${size}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${size}`);
    await past.arrayBuffer();

    const garbage = await get(mediaPath, { range: 'bytes=abc' });
    assert.equal(garbage.status, 200, 'a Range that does not parse is ignored');
    await garbage.arrayBuffer();

    const stale = await get(mediaPath, { range: 'bytes=0-9', 'if-range': '"old-etag"' });
    assert.equal(stale.status, 200, 'If-Range with another ETag: the whole file');
    await stale.arrayBuffer();
    const fresh = await get(mediaPath, { range: 'bytes=0-9', 'if-range': etag });
    assert.equal(fresh.status, 206);
    await fresh.arrayBuffer();

    assert.equal((await fetch(`${gw.httpUrl}${mediaPath}`, { headers: { range: 'bytes=0-9' } })).status, 401);
    assert.equal((await get('/library/media/no-such-song')).status, 404);
  });

  it('counts song.started events from rooms into charts and the next catalog version', async () => {
    const nextId = createIdFactory();
    const ids = new Map(
      (await gw.api<{ songs: ChartRow[] }>('/api/library/charts?kind=new')).body.songs.map((r) => [
        r.song.title,
        r.song.id,
      ]),
    );
    const plays = ['吻别', '吻别', '十年', '吻别', '十年', '红豆'];
    const now = Date.now();
    for (const [i, title] of plays.entries()) {
      const event = {
        id: nextId(now + i),
        type: 'song.started',
        room: '101',
        seq: i + 1,
        at: now + i,
        data: { entryId: `e${i}`, songId: ids.get(title), vocalMode: 'vocalsOn' },
      };
      await room.publishAsync(roomTopic(STORE, '101', 'events'), JSON.stringify(event), { qos: 1 });
    }
    const week = await until('charts', async () => {
      const r = await gw.api<{ songs: ChartRow[] }>('/api/library/charts?kind=week');
      return r.body.songs.length === 3 ? r.body.songs : undefined;
    });
    assert.deepEqual(
      week.map((r) => [r.song.title, r.plays.week]),
      [
        ['吻别', 3],
        ['十年', 2],
        ['红豆', 1],
      ],
    );
    // On demand (else hourly) the plays go into the next catalog version, for the rooms' ranking.
    const before = announcements.at(-1)?.version ?? 0;
    const published = await gw.api<{ version: number | null }>('/api/library/charts/publish', { method: 'POST' });
    assert.equal(published.body.version, before + 1);
    const ann = await until('the charts version', () => announcements.find((a) => a.version === before + 1));
    assert.equal(ann.deltas[0]?.from, before);
    const delta = JSON.parse(
      gunzipSync(Buffer.from(await (await get(ann.deltas[0]?.path ?? '')).arrayBuffer())).toString(),
    ) as {
      upserts: { title: string; plays?: { week: number; all: number } }[];
    };
    assert.deepEqual(
      delta.upserts.map((s) => [s.title, s.plays?.week]).sort(),
      [
        ['十年', 2],
        ['吻别', 3],
        ['红豆', 1],
      ].sort(),
    );
  });

  it('pushes import progress to the admin page over the websocket', async () => {
    await mkdir(join(media, 'more'));
    for (let i = 0; i < 5; i++)
      await copyFile(join(media, 'songs', '王菲-红豆.mp3'), join(media, 'more', `歌手${i}-歌${i}.mp3`));
    const ws = new WebSocket(`${gw.httpUrl.replace('http', 'ws')}/api/ws?token=${gw.token}`);
    const messages: LibraryStatus[] = [];
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { type: string; library?: LibraryStatus };
      if (m.type === 'library' && m.library) messages.push(m.library);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const r = await gw.api<ImportReport>('/api/library/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: join(media, 'more') }),
    });
    assert.equal(r.body.added, 5);
    const done = await until('the import is over on the websocket', () =>
      messages.find((m) => m.importing === null && m.version === r.body.version),
    );
    ws.close();
    assert.ok(
      messages.some((m) => m.importing !== null && m.importing.source === join(media, 'more')),
      'progress was pushed',
    );
    assert.equal(done.songs, 8);
  });

  it('a `library import` run as another process is announced by the running gateway', async () => {
    await mkdir(join(media, 'cli'));
    await copyFile(join(media, 'songs', '王菲-红豆.mp3'), join(media, 'cli', '那英-征服.mp3'));
    const before = announcements.at(-1)?.version ?? 0;
    const proc = spawn(process.execPath, [BIN, 'library', 'import', join(media, 'cli'), '--data', gw.dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => proc.once('close', resolve));
    assert.equal(code, 0, err);
    assert.match(out, new RegExp(`catalog version ${before + 1}: 9 songs`));
    assert.match(err, /1\/1 100%/, 'the progress bar is on stderr');
    const ann = await until('the new version announced', () => announcements.find((a) => a.version === before + 1));
    assert.equal(ann.songs, 9);

    const search = spawn(process.execPath, [BIN, 'library', 'search', 'zf', '--json', '--data', gw.dataDir]);
    let json = '';
    search.stdout.on('data', (d: Buffer) => {
      json += d.toString();
    });
    assert.equal(await new Promise((resolve) => search.once('close', resolve)), 0);
    const result = JSON.parse(json) as { total: number; songs: { song: { title: string } }[] };
    assert.equal(result.songs[0]?.song.title, '征服');
  });
});
