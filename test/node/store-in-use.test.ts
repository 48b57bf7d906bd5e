// Node has no IndexedDB: the default store is memory, and cache.stats() says so (issue 26, finding 4).
import { afterEach, expect, it, vi } from 'vitest';
import { createCachedFetch } from '../../src/index';
import { origin } from './support';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

it('the default store in Node is memory, not persistent; stats() says so, and the console stays quiet', async () => {
  // This project loads fake-indexeddb for other tests; plain Node has none.
  vi.stubGlobal('indexedDB', undefined);
  const warn = vi.spyOn(console, 'warn');
  const o = origin();
  const path = o.path('node-store');
  await o.script(path, { headers: { 'cache-control': 'max-age=60' }, body: 'kept' });
  const cf = createCachedFetch({ crossTab: false });
  await (await cf(o.url + path)).text();
  await cf.cache.settled();
  expect(await cf.cache.stats()).toEqual({
    entries: 1,
    bytes: expect.any(Number),
    store: 'memory',
    persistent: false,
  });
  expect(warn).not.toHaveBeenCalled();
  await cf.cache.close();
});
