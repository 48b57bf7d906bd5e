// Code a later request may need (the revalidate chunk after a hit, the store after an early hit) is
// loaded when the cache is quiet (src/fetch/coordination/lazy-module.ts, whenQuiet): not while a
// lookup is under way. An app's boot burst leaves the page idle while IndexedDB reads; a chunk
// loaded then was parsed before the burst's answers. WebKit, without requestIdleCallback, checks
// on a timer of 0 and loaded it during every burst: 11-12 ms for 20 hits that take 5.5 ms without
// (decision 0027, "Ninth pass").
import { expect, it, vi } from 'vitest';
import type { CacheEntry, LookupResult } from '../../src/store/cache-store';

const url = (path: string) => `https://api.test${path}`;

/** `rounds` idle moments of the page, as whenQuiet waits for them (a timer of 0 where none). */
async function idleMoments(rounds: number): Promise<void> {
  const idle = (globalThis as { requestIdleCallback?: (run: () => void) => unknown })
    .requestIdleCallback;
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => (idle ? idle(() => resolve()) : setTimeout(resolve, 0)));
  }
}

it('the revalidate chunk is not loaded while a lookup is under way, and is loaded once the cache is quiet', async () => {
  // Stored by one page (its own copy of the modules: its miss loads the revalidate chunk)...
  const { createCachedFetch: firstPage } = await import('../../src/index');
  const { MemoryStore } = await import('../../src/stores');
  const store = new MemoryStore();
  const fetch = async (input: RequestInfo | URL) =>
    new Response(new Request(input).url, { headers: { 'cache-control': 'max-age=600' } });
  const filler = firstPage({ fetch, store, crossTab: false });
  for (const path of ['/a', '/b']) await (await filler(url(path))).text();
  await filler.cache.settled();
  // Its own load of the chunk (wanted after its misses) ends first: made after the reset below, it
  // would go through this test's mock.
  const { networkChunk: fillerChunk } = await import('../../src/fetch/cacheable/admission');
  await fillerChunk.load();

  // ...and read by the next, whose modules are fresh: nothing of revalidation loaded yet.
  vi.resetModules();
  let requested = false; // the chunk's import() was made (its load in vitest takes longer)
  vi.doMock('../../src/fetch/cacheable/network-chunk', async (importOriginal) => {
    requested = true;
    return importOriginal();
  });
  const { createCachedFetch } = await import('../../src/index');
  const { networkChunk } = await import('../../src/fetch/cacheable/admission');
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const lookup = store.lookup.bind(store);
  store.lookup = async (key, choose): Promise<LookupResult> => {
    if (key.includes('/b')) await hold; // IndexedDB still reading this one (the key holds the URL)
    return lookup(key, choose as (variants: CacheEntry[]) => CacheEntry | undefined);
  };
  const cf = createCachedFetch({ fetch, store, crossTab: false });
  // A boot burst: /a answers (a hit, after which the chunk is wanted), /b's lookup is under way,
  // the page idle meanwhile.
  const first = cf(url('/a'));
  const burst = cf(url('/b'));
  expect((await first).headers.get('cache-status')).toMatch(/; hit/);
  await idleMoments(6);
  expect(requested).toBe(false);

  release();
  const second = await burst;
  expect(second.headers.get('cache-status')).toMatch(/; hit/);
  await second.text();
  await cf.cache.settled();
  // Quiet now: it loads (a later revalidation, offline too, finds it there).
  await vi.waitFor(() => expect(networkChunk.loaded).toBeDefined());
  expect(requested).toBe(true);
  vi.doUnmock('../../src/fetch/cacheable/network-chunk');
});
