import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Bill, quoteBill, validateRatePlan, validateSessionInput } from '../billing/index.js';

const BIN = fileURLToPath(new URL('../../bin/ktv-gateway.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../docs/examples/billing/', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function json(file: string): Promise<unknown> {
  return JSON.parse(await readFile(join(EXAMPLES, file), 'utf8'));
}

describe('ktv-gateway bill quote', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-bill-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('prints the bill of every example session as JSON (the same as quoteBill)', async () => {
    const names = ['session-evening.json', 'session-package-overtime.json', 'session-move-room.json'];
    const plan = validateRatePlan(await json('plan-shanghai.json'));
    assert.ok(plan.ok);
    const runs = await Promise.all(
      names.map((name) =>
        run(['bill', 'quote', '--plan', join(EXAMPLES, 'plan-shanghai.json'), '--session', join(EXAMPLES, name)]),
      ),
    );
    for (const [i, r] of runs.entries()) {
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      const bill = JSON.parse(r.stdout) as Bill;
      const session = validateSessionInput(await json(names[i] ?? ''));
      assert.ok(session.ok);
      assert.deepEqual(bill, quoteBill(plan.value, session.value));
      assert.equal(
        bill.lines.reduce((s, l) => s + l.amountFen, 0),
        bill.totalFen,
      );
    }
    // The evening example: every line explains itself.
    const evening = JSON.parse(runs[0]?.stdout ?? '') as Bill;
    assert.deepEqual(
      evening.lines.map((l) => `${l.label} ${l.amountFen}`),
      ['房费 小包 黄金档 20743', '计费单位补足 1307', '菊花茶 3800', '最低消费补足 4150', '服务费 10% 2205', '抹零 -5'],
    );
    assert.equal(evening.totalFen, 32200);
  });

  test('a bad plan file: exit 2 and every schema error with its path', async () => {
    const r = await run([
      'bill',
      'quote',
      '--plan',
      join(EXAMPLES, 'plan-bad.json'),
      '--session',
      join(EXAMPLES, 'session-evening.json'),
    ]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.stderr.trim().split('\n'), [
      `ktv-gateway: KTV_E_BILL_SCHEMA: plan ${join(EXAMPLES, 'plan-bad.json')} is invalid`,
      '  /rounding must be one of "none", "jiao", "yuan"',
      '  /roomTypes/small/periods/0/start must match pattern "^([01][0-9]|2[0-3]):[0-5][0-9]$"',
      '  /roomTypes/small/periods/1/pricePerHourFen must be integer',
    ]);
  });

  test('a bad session file, a file that is not JSON, a missing file: exit 2 with the reason', async () => {
    const badSession = join(dir, 'bad-session.json');
    await writeFile(badSession, JSON.stringify({ segments: [{ room: '101', roomType: 'small', startAt: -1 }] }));
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ "id": ');
    const plan = join(EXAMPLES, 'plan-shanghai.json');
    const [bad, broken, missing] = await Promise.all([
      run(['bill', 'quote', '--plan', plan, '--session', badSession]),
      run(['bill', 'quote', '--plan', notJson, '--session', badSession]),
      run(['bill', 'quote', '--plan', join(dir, 'none.json'), '--session', badSession]),
    ]);
    assert.equal(bad.code, 2);
    assert.deepEqual(bad.stderr.trim().split('\n').slice(1), [
      "  /segments/0 must have required property 'endAt'",
      '  /segments/0/startAt must be >= 0',
    ]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /KTV_E_BILL_SCHEMA: plan .*not\.json is not JSON/);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read plan .*none\.json/);
  });

  test('a plan with a gap in its periods: exit 2, the gap named', async () => {
    const plan = (await json('plan-shanghai.json')) as { roomTypes: { small: { periods: { start: string }[] } } };
    const night = plan.roomTypes.small.periods.find((p) => p.start === '02:00');
    assert.ok(night);
    night.start = '03:00';
    const file = join(dir, 'gap.json');
    await writeFile(file, JSON.stringify(plan));
    const r = await run(['bill', 'quote', '--plan', file, '--session', join(EXAMPLES, 'session-evening.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\/roomTypes\/small\/periods has no period for 02:00-03:00 on mon after sun/);
  });

  test('a session outside its package start window: exit 2 with the stable code', async () => {
    const r = await run([
      'bill',
      'quote',
      '--plan',
      join(EXAMPLES, 'plan-shanghai.json'),
      '--session',
      join(EXAMPLES, 'session-package-outside-window.json'),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^ktv-gateway: KTV_E_BILL_PACKAGE_WINDOW: package afternoon-3h .* started 2026-11-28 13:10/);
  });

  test('missing options and unknown subcommands: exit 2', async () => {
    const [noSession, unknown] = await Promise.all([
      run(['bill', 'quote', '--plan', join(EXAMPLES, 'plan-shanghai.json')]),
      run(['bill', 'print']),
    ]);
    assert.equal(noSession.code, 2);
    assert.match(noSession.stderr, /needs --plan PLAN.json and --session SESSION.json/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown bill command "print"/);
  });
});
