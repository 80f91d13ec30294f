import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lang, SessionSummary } from '@ktv/protocol';
import { WELCOME_BAND, WELCOME_RES, welcomeOverlay } from './welcome-overlay.js';
import { formatBookedTime, welcomeText } from './welcome-text.js';

const H = 3_600_000;
const OPENED = 1_700_000_000_000;

function summary(over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId: 's1',
    openedAt: OPENED,
    plannedEndAt: null,
    billSoFarFen: 0,
    roomFeeFen: 0,
    ordersFen: 0,
    packageName: null,
    at: OPENED,
    ...over,
  };
}

describe('welcome text', () => {
  const durations: [Lang, number, string][] = [
    ['zh-CN', 3 * H, '3 小时'],
    ['zh-CN', 45 * 60_000, '45 分钟'],
    ['zh-CN', 2.5 * H, '2 小时 30 分钟'],
    ['zh-CN', 2 * H + 29_000, '2 小时'],
    ['en', 3 * H, '3 h'],
    ['en', 90 * 60_000, '1 h 30 min'],
  ];
  for (const [lang, ms, text] of durations) {
    it(`booked time ${ms} ms in ${lang}: ${text}`, () => assert.equal(formatBookedTime(lang, ms), text));
  }

  const cases: { name: string; lang: Lang; session: SessionSummary | null; details: string[]; greeting: string }[] = [
    { name: '计时 (no package, no planned end)', lang: 'zh-CN', session: summary(), details: [], greeting: '欢迎光临' },
    {
      name: '买钟 3 小时',
      lang: 'zh-CN',
      session: summary({ plannedEndAt: OPENED + 3 * H }),
      details: ['预订时长：3 小时'],
      greeting: '欢迎光临',
    },
    {
      name: 'a package with its time',
      lang: 'zh-CN',
      session: summary({ packageName: '欢唱 3 小时套餐', plannedEndAt: OPENED + 3 * H }),
      details: ['套餐：欢唱 3 小时套餐', '预订时长：3 小时'],
      greeting: '欢迎光临',
    },
    {
      name: 'English',
      lang: 'en',
      session: summary({ packageName: 'Afternoon', plannedEndAt: OPENED + 2 * H }),
      details: ['Package: Afternoon', 'Booked: 2 h'],
      greeting: 'Welcome',
    },
    {
      name: 'a planned end at the opening (nothing booked) is not shown',
      lang: 'zh-CN',
      session: summary({ plannedEndAt: OPENED }),
      details: [],
      greeting: '欢迎光临',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = welcomeText(c.lang, '101 小包', c.session);
      assert.equal(t.greeting, c.greeting);
      assert.equal(t.room, '101 小包');
      assert.deepEqual(t.details, c.details);
      assert.equal(t.closing, c.lang === 'en' ? 'Enjoy your singing' : '祝您欢唱愉快');
    });
  }
});

describe('welcome overlay (ASS events)', () => {
  const positions = (ass: string) =>
    [...ass.matchAll(/\\pos\((\d+),(\d+)\)[^}]*\\fs(\d+)/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      size: Number(m[3]),
    }));

  it('one event per line: the band, greeting, room, details, closing; centred, inside the band', () => {
    const o = welcomeOverlay(
      welcomeText('zh-CN', '101 小包', summary({ packageName: '套餐A', plannedEndAt: OPENED + H })),
    );
    assert.equal(o.resX, WELCOME_RES.x);
    assert.equal(o.resY, WELCOME_RES.y);
    const events = o.ass.split('\n');
    assert.equal(events.length, 6, 'band, greeting, room, two details, closing');
    assert.ok(events[0]?.includes('\\p1'), 'a drawn band first');
    assert.match(o.ass, /欢迎光临/);
    assert.match(o.ass, /101 小包/);
    assert.match(o.ass, /套餐：套餐A/);
    assert.match(o.ass, /预订时长：1 小时/);
    assert.match(o.ass, /祝您欢唱愉快/);
    const top = WELCOME_RES.y * WELCOME_BAND.top;
    const bottom = WELCOME_RES.y * WELCOME_BAND.bottom;
    for (const p of positions(o.ass)) {
      assert.equal(p.x, WELCOME_RES.x / 2, 'centred');
      assert.ok(p.y >= top && p.y + p.size * 1.2 <= bottom, `line at ${p.y} (size ${p.size}) inside the band`);
    }
    const sizes = positions(o.ass).map((p) => p.size);
    assert.ok((sizes[0] ?? 0) >= 120 && (sizes[1] ?? 0) >= 90, 'greeting and room name large');
  });

  it('a room name with ASS braces and backslashes is shown as text, not read as tags', () => {
    const o = welcomeOverlay(welcomeText('zh-CN', 'VIP {\\b0} 888', null));
    assert.match(o.ass, /VIP \\\{\\\u2060b0\\\} 888/);
  });

  it('a very long room name is squeezed to the screen, not wrapped', () => {
    const o = welcomeOverlay(
      welcomeText('zh-CN', '豪华至尊超级无敌宇宙第一大包厢豪华至尊超级无敌宇宙第一大包厢', null),
    );
    const room = o.ass.split('\n')[2] ?? '';
    const m = /\\fscx(\d+)/.exec(room);
    assert.ok(m, 'squeezed');
    assert.ok(Number(m[1]) < 100);
    assert.match(room, /\\q2/, 'never wrapped');
  });
});
