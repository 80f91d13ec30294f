import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { programAssets, SHIPPED, WORKERS } from './assets.js';

describe('release assets', () => {
  const cases = [
    {
      program: 'agent',
      has: ['agent/ui/public/index.html', 'agent/ui/dist/main.js', 'firmware-config/agent.schema.json'],
    },
    { program: 'gateway', has: ['gateway/ui/public/index.html', 'gateway/ui/dist/business-api.js'] },
  ] as const;
  for (const { program, has } of cases) {
    it(`${program}: the pages and schema go in, compiler by-products stay out`, () => {
      const { files, manifest } = programAssets(program);
      for (const key of has) assert.ok(key in files, `${key} missing`);
      assert.deepEqual(Object.keys(files), manifest.keys);
      for (const key of manifest.keys) {
        assert.doesNotMatch(key, /\.(map|d\.ts|tsbuildinfo)$/);
        assert.ok(
          SHIPPED[program].some((prefix) => key === prefix || key.startsWith(`${prefix}/`)),
          key,
        );
      }
      assert.match(manifest.hash, /^[0-9a-f]{16}$/);
      assert.equal(programAssets(program).manifest.hash, manifest.hash, 'same files, same hash');
    });
  }

  it('the agent ships its catalog index worker', () => {
    assert.ok(WORKERS.agent.includes('agent/dist/catalog/index-worker.js'));
  });
});
