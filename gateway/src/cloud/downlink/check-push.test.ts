import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPush, type PushInput } from './check-push.js';
import { parsePublicKey } from './signature.js';
import { menuPush, ratePlansPush, TestHeadOffice } from './test-pushes.js';

const hq = new TestHeadOffice();
const stranger = new TestHeadOffice();
const keys = [parsePublicKey(hq.publicKey)];

function input(kind: string, bytes: Buffer, applied?: PushInput['applied']): PushInput {
  return { kind, bytes, keys, storeId: 's1', applied };
}

function tampered(bytes: Buffer): Buffer {
  const env = JSON.parse(bytes.toString()) as { payload: string };
  const payload = JSON.parse(Buffer.from(env.payload, 'base64').toString()) as { version: number };
  payload.version += 100;
  return Buffer.from(JSON.stringify({ ...env, payload: Buffer.from(JSON.stringify(payload)).toString('base64') }));
}

describe('checkPush (table)', () => {
  const good = hq.signed(ratePlansPush(3));
  const accepted = checkPush(input('ratePlans', good));
  assert.equal(accepted.result, 'accept');
  const sha = accepted.result === 'accept' ? accepted.payloadSha : '';

  const cases: { name: string; in: PushInput; want: string }[] = [
    { name: 'good push, nothing applied yet', in: input('ratePlans', good), want: 'accept' },
    {
      name: 'newer than applied, with a gap',
      in: input('ratePlans', good, { version: 1, payloadSha: 'x' }),
      want: 'accept',
    },
    {
      name: 'the same document again',
      in: input('ratePlans', good, { version: 3, payloadSha: sha }),
      want: 'unchanged',
    },
    {
      name: 'equal version, other content',
      in: input('ratePlans', good, { version: 3, payloadSha: 'y' }),
      want: 'KTV_E_CLOUD_VERSION',
    },
    {
      name: 'older version',
      in: input('ratePlans', good, { version: 4, payloadSha: 'y' }),
      want: 'KTV_E_CLOUD_VERSION',
    },
    { name: 'payload changed after signing', in: input('ratePlans', tampered(good)), want: 'KTV_E_CLOUD_SIGNATURE' },
    {
      name: 'signed by an unknown key',
      in: input('ratePlans', stranger.signed(ratePlansPush(3))),
      want: 'KTV_E_CLOUD_SIGNATURE',
    },
    { name: 'unknown kind', in: input('prices', good), want: 'KTV_E_CLOUD_KIND' },
    { name: 'sent as menu, signed as ratePlans', in: input('menu', good), want: 'KTV_E_CLOUD_KIND' },
    {
      name: 'for other stores',
      in: input('ratePlans', hq.signed(ratePlansPush(3, undefined, ['s2']))),
      want: 'KTV_E_CLOUD_STORE',
    },
    {
      name: 'for this store by name',
      in: input('ratePlans', hq.signed(ratePlansPush(3, undefined, ['s2', 's1']))),
      want: 'accept',
    },
    { name: 'not JSON', in: input('ratePlans', Buffer.from('{"format":')), want: 'KTV_E_CLOUD_ENVELOPE' },
    {
      name: 'not an envelope',
      in: input('ratePlans', Buffer.from('{"kind":"ratePlans"}')),
      want: 'KTV_E_CLOUD_ENVELOPE',
    },
    {
      name: 'malformed body (price as text)',
      in: input(
        'menu',
        hq.signed({
          ...menuPush(2, []),
          body: { items: [{ itemId: 'x', name: 'x', category: '酒水', priceFen: '12' }] },
        }),
      ),
      want: 'KTV_E_CLOUD_BODY',
    },
    {
      name: 'no version',
      in: input('menu', hq.signed({ kind: 'menu', issuedAt: 0, stores: '*', body: { items: [] } })),
      want: 'KTV_E_CLOUD_BODY',
    },
    {
      name: 'menu push',
      in: input('menu', hq.signed(menuPush(1, [{ itemId: 'a', name: '可乐', category: '酒水', priceFen: 900 }]))),
      want: 'accept',
    },
    {
      name: 'catalog announcement',
      in: input(
        'catalog',
        hq.signed({
          kind: 'catalog',
          version: 7,
          issuedAt: 1,
          stores: '*',
          body: { catalogVersion: '2026.11', title: '十一月新歌' },
        }),
      ),
      want: 'accept',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = checkPush(c.in);
      const got = r.result === 'refuse' ? r.refusal.code : r.result;
      assert.equal(got, c.want, r.result === 'refuse' ? r.refusal.reason : '');
    });
  }
});
