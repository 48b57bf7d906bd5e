// Decision 0027 (issue 24): a cached fetch loads its store and opens its database when it is
// created, not at its first request, so that the first request after a page load waits for
// neither; nothing of that outlives close(); and an app's boot burst reads in one transaction.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCachedFetch } from '../../src/index';
import { DEFAULT_DATABASE_NAME } from '../../src/store/indexeddb-store';
import { takeEarly } from '../../src/store/open-early';
import { rawDelete } from '../store/raw-indexeddb';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Resolves to whether deleting `name` was blocked by a connection still open. */
function deleteBlocked(name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = indexedDB.deleteDatabase(name);
    request.onblocked = () => {
      blocked = true;
    };
    request.onsuccess = () => resolve(blocked);
    request.onerror = () => reject(request.error);
  });
}

describe('the database opens when a cached fetch is created', () => {
  it('before any request: indexedDB.open of the default database, no request made', async () => {
    // One an earlier test started and nothing took: closed, so that the creation's own is seen.
    (await takeEarly(DEFAULT_DATABASE_NAME))?.close();
    const open = vi.spyOn(indexedDB, 'open');
    const fetch = vi.fn(async () => new Response('x'));
    const cf = createCachedFetch({ fetch, crossTab: false });
    await cf.cache.settled();
    expect(open.mock.calls.map(([name]) => name)).toContain(DEFAULT_DATABASE_NAME);
    expect(fetch).not.toHaveBeenCalled();
    await cf.cache.close();
  });

  it('close() right after creation leaves no connection open (the early open is waited for)', async () => {
    const name = 'open-at-creation-close';
    const { IndexedDBStore } = await import('../../src/stores');
    const cf = createCachedFetch({ store: new IndexedDBStore({ name }), crossTab: false });
    await cf.cache.close();
    expect(await deleteBlocked(name)).toBe(false);
  });

  it('a database that cannot open: requests still work, reported once as for a request', async () => {
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cf = createCachedFetch({
      fetch: async () => new Response('body', { headers: { 'cache-control': 'max-age=60' } }),
      crossTab: false,
    });
    const operations: string[] = [];
    cf.cache.addEventListener('error', ({ operation }) => operations.push(operation));
    expect(await (await cf('https://api.test/a')).text()).toBe('body');
    await cf.cache.settled();
    expect(operations).toEqual(['open']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await cf.cache.stats()).toMatchObject({ store: 'memory', entries: 1 });
    // A refusal is not made again: the early open and the store's, no retry holding the request
    // (three retries held it 1.75 s).
    expect(open).toHaveBeenCalledTimes(2);
  });
});

describe('a boot burst after a page load', () => {
  const urls = Array.from({ length: 21 }, (_, i) => `https://api.test/boot/${i}`);
  const seen: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    seen.push(new Request(input).url);
    return new Response(new Request(input).url, { headers: { 'cache-control': 'max-age=600' } });
  };

  /**
   * Fills database `name` with every URL, then the next page: a new instance, its memory empty.
   * The default database (no name): the next page's first lookups read it before its store loads
   * (src/fetch/storage/early-lookup.ts).
   */
  async function nextPage(name: string | undefined) {
    const { IndexedDBStore } = await import('../../src/stores');
    const store = () => (name === undefined ? {} : { store: new IndexedDBStore({ name }) });
    const first = createCachedFetch({ fetch, ...store(), crossTab: false });
    for (const url of urls) await (await first(url)).text();
    await first.cache.close();
    seen.length = 0;
    return createCachedFetch({ fetch, ...store(), crossTab: false });
  }

  /** Reads `burst` together; resolves to the readonly transactions over `records` (lookups). */
  async function readTogether(cf: ReturnType<typeof createCachedFetch>, burst: string[]) {
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const bodies = await Promise.all(burst.map(async (url) => (await cf(url)).text()));
    expect(bodies).toEqual(burst);
    // The totals in `meta` are another matter.
    return transaction.mock.calls.filter(
      ([names, mode]) => String(names) === 'records' && (mode ?? 'readonly') === 'readonly',
    ).length;
  }

  for (const name of ['open-at-creation-burst', undefined]) {
    const where = name ? 'a database of its own' : 'the default database, read early';

    it(`20 requests made together on a filled store (${where}): one IndexedDB read transaction, no origin request`, async () => {
      const next = await nextPage(name);
      expect(await readTogether(next, urls.slice(0, 20))).toBe(1);
      expect(seen).toEqual([]);
      await next.cache.close();
      (await takeEarly(DEFAULT_DATABASE_NAME))?.close();
      await rawDelete(name ?? DEFAULT_DATABASE_NAME);
    });

    it(`20 requests made together after a first one (${where}; the database open by then): one read transaction (issue 21)`, async () => {
      const next = await nextPage(name);
      // The page's first data: the database is open once it is in.
      expect(await (await next(urls[0]!)).text()).toBe(urls[0]);
      expect(await readTogether(next, urls.slice(1))).toBe(1);
      expect(seen).toEqual([]);
      await next.cache.close();
      (await takeEarly(DEFAULT_DATABASE_NAME))?.close();
      await rawDelete(name ?? DEFAULT_DATABASE_NAME);
    });
  }
});
