// The parts loaded with import() on first use (decision 0008): a part that cannot load (offline
// before it ever did, a deploy that removed the chunk) never fails a request; it is reported.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheEventMap } from '../../src/index';
import { DEFAULT_DATABASE_NAME } from '../../src/store/open-early';
import { rawDelete } from '../store/raw-indexeddb';

const url = 'https://api.test/lazy';

/**
 * A cached fetch from a fresh copy of src in which `part` fails to load, on an origin that counts
 * what it answered (each a fresh, storable 200), with the error events it reported. `on`: the
 * store, memory by default; `'full'` is memory whose puts all fail with a quota error.
 */
async function withoutPart(
  part: string,
  on: 'memory' | 'indexeddb' | 'full' | 'default' = 'memory',
  headers: Record<string, string> = {},
) {
  vi.resetModules();
  vi.doMock(part, () => {
    throw new Error(`chunk ${part} unavailable`);
  });
  const { createCachedFetch } = await import('../../src/index');
  const { IndexedDBStore, MemoryStore } = await import('../../src/stores');
  const seen: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init));
    return new Response('body', { headers: { 'cache-control': 'max-age=600', ...headers } });
  };
  // On IndexedDB (fake-indexeddb here): the default store, in a database of its own.
  const store =
    on === 'indexeddb'
      ? new IndexedDBStore({ name: `lazy-${Math.random().toString(36).slice(2)}` })
      : new MemoryStore();
  if (on === 'full') {
    store.put = () => Promise.reject(new DOMException('no room', 'QuotaExceededError'));
    // Room is made only by the quota retries of the part removed: none is asked for.
    const asked = () => Promise.reject(new Error('room asked for'));
    store.stats = asked;
    store.prune = asked;
  }
  // 'default': the default store, in the default database (no `store` option).
  const cf = createCachedFetch({ fetch, ...(on !== 'default' && { store }), crossTab: false });
  created.push(cf);
  const errors: CacheEventMap['error'][] = [];
  cf.cache.addEventListener('error', (event) => errors.push(event));
  return { cf, seen, errors };
}

/** The instances a test made: their lazy imports must end before the next test's modules reset. */
const created: Array<{ cache: { settled(): Promise<void> } }> = [];

afterEach(async () => {
  // A part the last test loaded beside its request (the revalidation path, the store) may still be
  // loading: finished after the reset below, it would land in the next test's fresh modules and
  // stand in for the part that test removed.
  for (const cf of created.splice(0)) await cf.cache.settled();
  // cache.settled() does not wait for the revalidate chunk a lookup fetches beside its request
  // (src/fetch/cacheable/flow.ts): wait for that load itself, in the copy of src the test used.
  const { networkChunk } = await import('../../src/fetch/cacheable/admission');
  await networkChunk.load().catch(() => {});
  vi.doUnmock('../../src/fetch/cacheable/network-chunk');
  vi.doUnmock('../../src/fetch/cacheable/admit');
  vi.doUnmock('../../src/fetch/storage/storage-backend');
  vi.doUnmock('../../src/fetch/range/request');
  vi.doUnmock('../../src/fetch/stored-entries');
  vi.doUnmock('../../src/store/indexeddb-writes');
  vi.doUnmock('../../src/store/governor-eviction');
  vi.doUnmock('../../src/policy/cache-groups');
  vi.doUnmock('../../src/fetch/handle-changes');
  vi.resetModules();
});

describe('a lazily loaded part that cannot load never fails a request', () => {
  // cacheable/admit is the chunk a miss loads: storing fails alone, the response is served.
  it('storing (admit chunk): the response passes through unstored, and the failure is reported', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/cacheable/admit');
    const first = await cf(url);
    expect(await first.text()).toBe('body');
    expect(first.headers.get('cache-status')).toContain('fwd=uri-miss');
    expect(first.headers.get('cache-status')).not.toContain('stored');
    await cf.cache.settled();
    expect(await (await cf(url)).text()).toBe('body');
    expect(seen).toHaveLength(2);
    expect(errors.map((e) => e.operation)).toEqual(['admit', 'admit']);
  });

  // Issue 24: IndexedDBStore's writes load on the first write (src/store/indexeddb-writes-chunk.ts).
  it("storing (the IndexedDB store's writes chunk): the response passes through unstored, and the failure is reported", async () => {
    const { cf, seen, errors } = await withoutPart('../../src/store/indexeddb-writes', 'indexeddb');
    const first = await cf(url);
    expect(await first.text()).toBe('body');
    expect(first.headers.get('cache-status')).toContain('fwd=uri-miss');
    await cf.cache.settled();
    const second = await cf(url);
    expect(await second.text()).toBe('body');
    expect(second.headers.get('cache-status')).toContain('fwd=uri-miss');
    await cf.cache.settled();
    expect(seen).toHaveLength(2);
    expect(errors.map((e) => e.operation)).toEqual(['put', 'put']);
  });

  // The governor's quota retries and eviction (src/store/governor-eviction, in the writes chunk)
  // load after a store write (decision 0027, "Sixth pass"). A quota error whose retries cannot
  // load fails that write only, reported as the put's failure.
  it("quota retries (the governor's eviction chunk): the response passes through unstored, reported", async () => {
    const { cf, seen, errors } = await withoutPart('../../src/store/governor-eviction', 'full');
    for (const _ of [1, 2]) {
      const response = await cf(url);
      expect(await response.text()).toBe('body');
      expect(response.headers.get('cache-status')).toContain('fwd=uri-miss');
      await cf.cache.settled();
    }
    expect(seen).toHaveLength(2);
    expect(errors.map((e) => [e.operation, String((e.error as Error).cause)])).toEqual([
      ['put', 'Error: chunk ../../src/store/governor-eviction unavailable'],
      ['put', 'Error: chunk ../../src/store/governor-eviction unavailable'],
    ]);
  });

  // The put itself needs no chunk here (memory; the default store's loads the writes chunk, which
  // holds the eviction too): stored, and the eviction that could not follow is a failed prune.
  it("eviction after a write (the governor's eviction chunk): stored, the failed eviction reported", async () => {
    const { cf, seen, errors } = await withoutPart('../../src/store/governor-eviction');
    expect(await (await cf(url)).text()).toBe('body');
    await cf.cache.settled();
    const second = await cf(url);
    expect(await second.text()).toBe('body');
    expect(second.headers.get('cache-status')).toContain('hit');
    expect(seen).toHaveLength(1);
    expect(errors.map((e) => [e.operation, String((e.error as Error).cause)])).toEqual([
      ['prune', 'Error: chunk ../../src/store/governor-eviction unavailable'],
    ]);
  });

  // Issue 24: a miss needs admission only, not revalidation's chunk (cacheable/network-chunk):
  // loading both put revalidation's 4.7 KB (gzipped) before a first visit's data (decision 0027).
  it('a miss is stored without the revalidate chunk: a miss loads admission alone', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/cacheable/network-chunk');
    const first = await cf(url);
    expect(await first.text()).toBe('body');
    expect(first.headers.get('cache-status')).toContain('stored');
    await cf.cache.settled();
    const second = await cf(url);
    expect(second.headers.get('cache-status')).toContain('hit');
    expect(seen).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  // RFC 9875's groups are parsed as a response is written, with their parser loaded then, only
  // for a response that names groups: not before a miss's data (decision 0027, "Tenth pass").
  it('a miss without Cache-Groups is stored without the groups parser', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/policy/cache-groups');
    const first = await cf(url);
    expect(await first.text()).toBe('body');
    expect(first.headers.get('cache-status')).toContain('stored');
    await cf.cache.settled();
    expect((await cf(url)).headers.get('cache-status')).toContain('hit');
    expect(seen).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('a response with Cache-Groups whose parser cannot load: served, not stored, reported', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/policy/cache-groups', 'memory', {
      'cache-groups': '"products"',
    });
    const first = await cf(url);
    expect(await first.text()).toBe('body');
    await cf.cache.settled();
    // Not stored without its groups: an invalidation of "products" would miss it.
    expect((await cf(url)).headers.get('cache-status')).toContain('fwd=uri-miss');
    await cf.cache.settled();
    expect(seen).toHaveLength(2);
    expect(errors.map((e) => e.operation)).toEqual(['put', 'put']);
  });

  it('the store (storage-backend): the lookup reads as nothing stored, the response is served', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/storage/storage-backend');
    expect(await (await cf(url)).text()).toBe('body');
    await cf.cache.settled();
    expect(seen).toHaveLength(1);
    expect(errors.map((e) => e.operation)).toEqual(['lookup', 'put']);
  });

  // Issue 24 (decision 0027, "Seventh pass"): with the default store, a page's first lookups read
  // its database before the store's chunk has loaded.
  describe('the store (storage-backend), with the default store', () => {
    const deleted = () => rawDelete(DEFAULT_DATABASE_NAME);

    it('a reload: its first request is a hit all the same, the origin not asked', async () => {
      await deleted();
      // The first page, with every part: stores the response in the default database.
      vi.resetModules();
      const { createCachedFetch } = await import('../../src/index');
      const first = createCachedFetch({
        fetch: async () => new Response('body', { headers: { 'cache-control': 'max-age=600' } }),
        crossTab: false,
      });
      await (await first(url)).text();
      await first.cache.settled();
      await first.cache.close();
      const { cf, seen, errors } = await withoutPart(
        '../../src/fetch/storage/storage-backend',
        'default',
      );
      const response = await cf(url);
      expect(await response.text()).toBe('body');
      expect(response.headers.get('cache-status')).toContain('hit');
      // settled() loads the store, which fails: the early reads stay, and the next request is a
      // hit as well (offline, it would otherwise fail).
      await cf.cache.settled();
      const again = await cf(url);
      expect(again.headers.get('cache-status')).toContain('hit');
      expect(seen).toHaveLength(0);
      expect(errors).toEqual([]);
      await deleted();
    });

    it('a first visit (no database): the lookup needs no store, the write fails alone', async () => {
      await deleted();
      const { cf, seen, errors } = await withoutPart(
        '../../src/fetch/storage/storage-backend',
        'default',
      );
      expect(await (await cf(url)).text()).toBe('body');
      await cf.cache.settled();
      expect(seen).toHaveLength(1);
      expect(errors.map((e) => e.operation)).toEqual(['put']);
    });
  });

  it('RFC 9111 §4.4 invalidation (revalidate chunk): the POST response passes through, reported', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/cacheable/network-chunk');
    const response = await cf(url, { method: 'POST', body: 'x' });
    expect(await response.text()).toBe('body');
    expect(response.headers.get('cache-status')).toContain('fwd=method');
    expect(seen.map((request) => request.method)).toEqual(['POST']);
    expect(errors.map((e) => e.operation)).toEqual(['invalidate']);
  });

  it('RFC 9110 §14.2 Range (range-request): the range goes to the origin as sent, reported', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/range/request');
    const response = await cf(url, { headers: { range: 'bytes=0-1' } });
    expect(await response.text()).toBe('body');
    expect(response.headers.get('cache-status')).toContain('fwd=bypass');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get('range')).toBe('bytes=0-1');
    expect(errors.map((e) => e.operation)).toEqual(['range']);
  });

  it('RFC 9111 §5.2.1.7 a Range with only-if-cached is not sent: 504 (directive), TypeError (mode)', async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/range/request');
    const headers = { range: 'bytes=0-1', 'cache-control': 'only-if-cached' };
    expect((await cf(url, { headers })).status).toBe(504);
    await expect(
      cf(url, { headers: { range: 'bytes=0-1' }, cache: 'only-if-cached', mode: 'same-origin' }),
    ).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(0);
    // The mode is answered from what is stored too, so it needed the part: a second report.
    expect(errors.map((e) => e.operation)).toEqual(['range', 'range']);
  });

  it("the handle's entries() and revalidate(entry) (stored-entries): they reject, requests go on", async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/stored-entries');
    expect(await (await cf(url)).text()).toBe('body');
    await cf.cache.settled();
    await expect(cf.cache.entries()).rejects.toThrow();
    const entry = { requestUrl: url, partition: '', vary: [] };
    await expect(cf.cache.revalidate(entry)).rejects.toThrow();
    // The stored response still answers: a hit, and nothing more went to the origin.
    expect((await cf(url)).headers.get('cache-status')).toContain('hit');
    expect(seen).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  // The handle's clear() and delete() load with the store (decision 0027, "Tenth pass"): where
  // their code cannot load, they reject and remove nothing; requests go on.
  it("the handle's clear() and delete() (handle-changes): they reject, nothing removed", async () => {
    const { cf, seen, errors } = await withoutPart('../../src/fetch/handle-changes');
    expect(await (await cf(url)).text()).toBe('body');
    await cf.cache.settled();
    await expect(cf.cache.clear()).rejects.toThrow(/error when mocking/);
    await expect(cf.cache.delete(url)).rejects.toThrow(/error when mocking/);
    expect((await cf(url)).headers.get('cache-status')).toContain('hit');
    expect(seen).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  // Before their code has loaded (the store's chunk, loaded at idle after a reload's first hits),
  // requests made after clear() wait for it, as after invalidate(): the early read would still
  // find what it removes (src/fetch/create-cached-fetch.ts, `changing`).
  it('a clear() whose code is still loading: the request made after it is not answered by what it removes', async () => {
    await rawDelete(DEFAULT_DATABASE_NAME);
    vi.resetModules();
    const stored = await import('../../src/index');
    const respond = (body: string) =>
      new Response(body, { headers: { 'cache-control': 'max-age=600' } });
    const first = stored.createCachedFetch({ fetch: async () => respond('old'), crossTab: false });
    await (await first(url)).text();
    await first.cache.settled();
    await first.cache.close();

    // The next page: its clear() code arrives only once released.
    vi.resetModules();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.doMock('../../src/fetch/handle-changes', async (importOriginal) => {
      await held;
      return importOriginal();
    });
    const { createCachedFetch } = await import('../../src/index');
    const seen: string[] = [];
    const next = createCachedFetch({
      fetch: async (input) => {
        seen.push(new Request(input).url);
        return respond('new');
      },
      crossTab: false,
    });
    created.push(next);
    const clearing = next.cache.clear();
    const answered = next(url);
    release();
    expect(await (await answered).text()).toBe('new');
    expect(await clearing).toBe(1);
    expect(seen).toEqual([url]);
  });
});
