// cache.close() while a request is still under way (decision 0027: "no connection opens after
// close()"). With the default store, a page's first lookups read the database opened early, before
// the store's chunk has loaded (src/fetch/storage/early-lookup.ts); one the early read cannot
// answer (here: a No-Vary-Search candidate, which the store reads) goes on to the store. Closed
// meanwhile, it must neither load the store's chunk nor open the database through it: the request
// reads nothing stored and goes to the origin, and what it fetched is not written.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { DEFAULT_DATABASE_NAME, takeEarly } from '../../src/store/open-early';
import { rawDelete } from '../store/raw-indexeddb';
import { fixedClock, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const clock = fixedClock();
const backend = '../../src/fetch/storage/storage-backend';

beforeEach(async () => {
  (await takeEarly(DEFAULT_DATABASE_NAME))?.close();
  await rawDelete(DEFAULT_DATABASE_NAME);
});

afterEach(async () => {
  vi.doUnmock(backend);
  vi.resetModules();
  await rawDelete(DEFAULT_DATABASE_NAME);
});

describe('a lookup under way when cache.close() runs', () => {
  it('waiting on the early read: after close() the store is neither loaded nor opened', async () => {
    origin.reply('/s', {
      headers: { 'cache-control': 'max-age=600', 'no-vary-search': 'params=("utm_source")' },
      body: 'search',
    });
    // The first page stores the response in the default database, then closes.
    const first = makeCachedFetch({ store: undefined, clock });
    await (await first(`${ORIGIN}/s?q=1&utm_source=mail`)).text();
    await first.cache.settled();
    await first.cache.close();
    (await takeEarly(DEFAULT_DATABASE_NAME))?.close();

    // The next page, from a fresh copy of src whose store chunk counts its loads and backends.
    vi.resetModules();
    const loads: string[] = [];
    vi.doMock(backend, async () => {
      loads.push('chunk');
      const actual =
        await vi.importActual<typeof import('../../src/fetch/storage/storage-backend')>(backend);
      return {
        ...actual,
        openBackend: (...args: Parameters<typeof actual.openBackend>) => {
          loads.push('backend');
          return actual.openBackend(...args);
        },
      };
    });
    const { createCachedFetch } = await import('../../src/index');
    const next = createCachedFetch({
      fetch: (input, init) => globalThis.fetch(input, init),
      now: clock.now,
      crossTab: false,
    });
    const pending = next(`${ORIGIN}/s?q=1&utm_source=ad`); // equivalent: the store would read it
    await next.cache.close();
    const response = await pending;
    expect(await response.text()).toBe('search');
    await next.cache.settled();
    expect(loads).toEqual([]);
    // Read nothing stored: the origin answered it, and that answer was not written.
    expect(origin.seen('/s')).toHaveLength(2);
    const store = new IndexedDBStore();
    expect((await store.list()).map((entry) => entry.response.url)).toEqual([
      `${ORIGIN}/s?q=1&utm_source=mail`,
    ]);
    await store.close();
  });

  it('a request made after close() reads through the store as before (a guard)', async () => {
    origin.reply('/g', { headers: { 'cache-control': 'max-age=600' }, body: 'g' });
    const cf = makeCachedFetch({ clock });
    await (await cf(`${ORIGIN}/g`)).text();
    await cf.cache.settled();
    await cf.cache.close();
    const response = await cf(`${ORIGIN}/g`);
    expect(await response.text()).toBe('g');
    expect(response.headers.get('cache-status')).toMatch(/; hit/);
    expect(origin.seen('/g')).toHaveLength(1);
  });
});
