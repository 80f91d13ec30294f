import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

describe('npm run release (command line)', () => {
  const cases = [
    { args: ['--help'], code: 0, out: /--arch x64\|arm64/ },
    { args: ['--arch', 'riscv64'], code: 2, err: /unknown --arch riscv64/ },
    { args: ['--no-such-flag'], code: 2, err: /no-such-flag/ },
  ];
  for (const c of cases) {
    it(`${c.args.join(' ')} -> exit ${c.code}`, () => {
      const r = spawnSync(process.execPath, [MAIN, ...c.args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, c.code, r.stderr);
      if (c.out) assert.match(r.stdout, c.out);
      if (c.err) assert.match(r.stderr, c.err);
    });
  }
});
