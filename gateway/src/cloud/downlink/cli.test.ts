import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkPush } from './check-push.js';
import { parsePublicKey } from './signature.js';
import { pricierPlan, ratePlansPush } from './test-pushes.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/ktv-gateway.js', import.meta.url));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('ktv-gateway cloud keygen / sign (the real command)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-cloud-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a key pair, signs a document a store accepts, refuses a malformed one and an existing key file', async () => {
    const keyFile = join(dir, 'hq.pem');
    const made = await cli(['cloud', 'keygen', '--out', keyFile, '--lang', 'en']);
    assert.equal(made.code, 0, made.stderr);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    const publicKey = /Public key .*: (\S+)/.exec(made.stdout)?.[1];
    assert.ok(publicKey, made.stdout);
    const again = await cli(['cloud', 'keygen', '--out', keyFile]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /已存在/);

    const doc = join(dir, 'plans.json');
    await writeFile(doc, JSON.stringify(ratePlansPush(4, [pricierPlan(500)], ['s1'])));
    const signedFile = join(dir, 'plans.signed.json');
    const signed = await cli(['cloud', 'sign', doc, '--key', keyFile, '--out', signedFile]);
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /已签名：ratePlans 版本 4/);
    const verdict = checkPush({
      kind: 'ratePlans',
      bytes: await readFile(signedFile),
      keys: [parsePublicKey(publicKey)],
      storeId: 's1',
      applied: undefined,
    });
    assert.equal(verdict.result, 'accept');

    await writeFile(doc, JSON.stringify({ kind: 'menu', version: 'two', stores: '*', issuedAt: 0, body: {} }));
    const bad = await cli(['cloud', 'sign', doc, '--key', keyFile]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /无法签名/);
  });
});
