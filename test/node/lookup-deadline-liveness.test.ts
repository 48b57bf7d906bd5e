// Pitfall 11 in Node: a store that neither answers nor fails holds no request past the lookup
// deadline, and the process lives until the request is answered (the deadline's timer holds it
// while a lookup waits, and only then: decision 0016).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `body` as an ES module in a fresh Node process (TypeScript through tsx), from the repo. */
function runModule(body: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'cf-liveness-')), 'main.mts');
  writeFileSync(file, body);
  return spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('pitfall 11 in Node: a stalled store', () => {
  it('the request is answered from the network after the deadline, before the process exits', () => {
    const result = runModule(`
      import { createCachedFetch } from ${JSON.stringify(join(root, 'src/index.ts'))};
      import { MemoryStore } from ${JSON.stringify(join(root, 'src/stores.ts'))};
      class StalledStore extends MemoryStore {
        lookup() { return new Promise(() => {}); }
      }
      const cf = createCachedFetch({
        store: new StalledStore(),
        memory: false,
        crossTab: false,
        fetch: async () => new Response('net', { headers: { 'cache-control': 'max-age=60' } }),
      });
      cf.cache.addEventListener('error', ({ operation, error }) => console.log('error', operation, error.name));
      const response = await cf('https://api.test/stalled');
      console.log('answered', await response.text());
    `);
    expect(result.stdout).toContain('error lookup TimeoutError');
    expect(result.stdout).toContain('answered net');
    expect(result.status).toBe(0);
  }, 40_000);
});
