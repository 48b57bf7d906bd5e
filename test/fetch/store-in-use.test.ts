// No silent fallback (issue 26, finding 4): when IndexedDB cannot be opened, the `error` event
// (operation `open`) and one console warning say so, and `cache.stats()` tells which store is in
// use and whether it persists, wherever the cache runs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheStore } from '../../src/index';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/kept`;
afterEach(() => vi.restoreAllMocks());

/** The default store (IndexedDB where it opens), with what reached the console and the events. */
function withDefaultStore(options: { warnings?: boolean } = {}) {
  origin.reply('/kept', { headers: { 'cache-control': 'max-age=60' }, body: 'kept' });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const cf = makeCachedFetch({ store: undefined, ...options });
  const errors: Array<{ operation: string }> = [];
  cf.cache.addEventListener('error', (event) => errors.push(event));
  return { cf, warn, errors };
}

describe('cache.stats() says which store is in use', () => {
  it('IndexedDB where it opens: persistent, and nothing in the console', async () => {
    const { cf, warn, errors } = withDefaultStore();
    await (await cf(url)).text();
    await cf.cache.settled();
    expect(await cf.cache.stats()).toEqual({
      entries: 1,
      bytes: expect.any(Number),
      store: 'indexeddb',
      persistent: true,
    });
    expect(warn).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
    await cf.cache.clear();
    await cf.cache.close();
  });

  it('a MemoryStore given in the options: memory, not persistent', async () => {
    const cf = makeCachedFetch({ store: new MemoryStore() });
    expect(await cf.cache.stats()).toEqual({
      entries: 0,
      bytes: 0,
      store: 'memory',
      persistent: false,
    });
  });

  it('a custom store: custom, persistent as the store says (false when it says nothing)', async () => {
    // Not a MemoryStore: an object of its own that keeps its entries in one.
    const custom = (persistent?: boolean): CacheStore => {
      const inner = new MemoryStore();
      const store: CacheStore = {
        getVariants: (key) => inner.getVariants(key),
        getBody: (id) => inner.getBody(id),
        put: (entry, body) => inner.put(entry, body),
        update: (id, response) => inner.update(id, response),
        touch: (uses) => inner.touch(uses),
        delete: (key) => inner.delete(key),
        clear: (filter) => inner.clear(filter),
        prune: (limits) => inner.prune(limits),
        stats: () => inner.stats(),
        list: (filter) => inner.list(filter),
        close: () => inner.close(),
      };
      return persistent === undefined ? store : { ...store, persistent };
    };
    const silent = makeCachedFetch({ store: custom() });
    expect(await silent.cache.stats()).toMatchObject({ store: 'custom', persistent: false });
    const durable = makeCachedFetch({ store: custom(true) });
    expect(await durable.cache.stats()).toMatchObject({ store: 'custom', persistent: true });
  });
});

describe('IndexedDB that cannot be opened: never silent', () => {
  const refuse = () =>
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });

  it('requests work from memory; one error event (open), one console warning, stats() says memory', async () => {
    refuse();
    const { cf, warn, errors } = withDefaultStore();
    await (await cf(url)).text();
    await cf.cache.settled();
    const again = await cf(url);
    expect(await again.text()).toBe('kept');
    expect(again.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    origin.reply('/other', { body: 'other' });
    await (await cf(`${ORIGIN}/other`)).text();
    await cf.cache.settled();

    expect(errors.map(({ operation }) => operation)).toEqual(['open']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /IndexedDB could not be opened: responses kept in memory only/,
    );
    expect(await cf.cache.stats()).toMatchObject({
      entries: 2,
      store: 'memory',
      persistent: false,
    });
    expect(origin.seen('/kept')).toHaveLength(1);
  });

  it('warnings: false keeps the console quiet; the error event still fires', async () => {
    refuse();
    const { cf, warn, errors } = withDefaultStore({ warnings: false });
    await (await cf(url)).text();
    await cf.cache.settled();
    expect(errors.map(({ operation }) => operation)).toEqual(['open']);
    expect(warn).not.toHaveBeenCalled();
    expect(await cf.cache.stats()).toMatchObject({ store: 'memory', persistent: false });
  });
});
