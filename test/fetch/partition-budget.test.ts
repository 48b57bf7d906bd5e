// maxBytesPerPartition end to end (issue 25, item 4; decision 0026): one user's large responses
// evict that user's least recently used entries, never another user's.
import { describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

const stores: Array<[string, () => CacheStore]> = [
  ['MemoryStore', () => new MemoryStore()],
  [
    'IndexedDBStore',
    () => new IndexedDBStore({ name: `budget-${Math.random().toString(36).slice(2)}` }),
  ],
];

/**
 * A cached fetch partitioned by the `x-user` header with a 9000-byte budget per partition (each
 * 2000-byte response measures about 2700 bytes with its metadata: three of one user's fit, four
 * do not), and `get(path, user)`: one request read to its end, settled, then a second passes.
 */
function budgeted(store: CacheStore, paths: string[]) {
  for (const path of paths) {
    origin.reply(path, { headers: { 'cache-control': 'max-age=600' }, body: 'x'.repeat(2000) });
  }
  const cf = makeCachedFetch({
    store,
    partition: (request) => request.headers.get('x-user') ?? 'anonymous',
    maxBytesPerPartition: 9000,
  });
  const get = async (path: string, user: string) => {
    const response = await cf(`${ORIGIN}${path}`, { headers: { 'x-user': user } });
    await response.text();
    await cf.cache.settled();
    cf.clock.advance(1000);
    return response;
  };
  return { cf, get };
}

describe.each(stores)('maxBytesPerPartition on %s', (_name, makeStore) => {
  it("a partition over its budget evicts its own least recently used entries, not another's", async () => {
    const { cf, get } = budgeted(makeStore(), ['/b1', '/b2', '/a1', '/a2', '/a3', '/a4']);
    const evicted: string[] = [];
    cf.cache.addEventListener('evicted', ({ entries }) => {
      evicted.push(...entries.map((e) => e.key));
    });
    // Bob's two entries are the oldest in the cache: a store-wide LRU would take them first.
    await get('/b1', 'bob');
    await get('/b2', 'bob');
    for (const path of ['/a1', '/a2', '/a3', '/a4']) await get(path, 'alice');

    expect(evicted).toHaveLength(1);
    expect(evicted[0]).toContain('/a1');
    // Bob's entries are hits: the origin saw each once.
    for (const path of ['/b1', '/b2']) {
      expect((await get(path, 'bob')).headers.get('cache-status')).toContain('hit');
      expect(origin.seen(path)).toHaveLength(1);
    }
    expect((await get('/a4', 'alice')).headers.get('cache-status')).toContain('hit');
    expect((await get('/a1', 'alice')).headers.get('cache-status')).not.toContain('hit');
    expect(origin.seen('/a1')).toHaveLength(2);
    const { entries } = await cf.cache.stats();
    // Bob 2; Alice 3 (a1 came back and took a2's place).
    expect(entries).toBe(5);
  });

  it('alice filling her budget over and over never evicts bob', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `/alice-${i}`);
    const { cf, get } = budgeted(makeStore(), ['/bob-1', '/bob-2', ...paths]);
    const evictedFrom = new Set<string>();
    cf.cache.addEventListener('evicted', ({ entries }) => {
      for (const e of entries) evictedFrom.add(e.key.includes('/alice-') ? 'alice' : 'other');
    });
    await get('/bob-1', 'bob');
    await get('/bob-2', 'bob');
    // Twelve responses, four times her budget, each newer than Bob's.
    for (const path of paths) await get(path, 'alice');
    expect([...evictedFrom]).toEqual(['alice']);
    for (const path of ['/bob-1', '/bob-2']) {
      expect((await get(path, 'bob')).headers.get('cache-status')).toContain('hit');
      expect(origin.seen(path)).toHaveLength(1);
    }
    // Alice keeps her three most recent.
    for (const path of paths.slice(-3)) {
      expect((await get(path, 'alice')).headers.get('cache-status')).toContain('hit');
    }
    expect((await cf.cache.stats()).entries).toBe(5);
  });

  it('a response larger than the budget is not stored, and evicts nothing', async () => {
    origin.reply('/small', { headers: { 'cache-control': 'max-age=600' }, body: 's' });
    origin.reply('/big', { headers: { 'cache-control': 'max-age=600' }, body: 'x'.repeat(5000) });
    const cf = makeCachedFetch({
      store: makeStore(),
      partition: 'alice',
      maxBytesPerPartition: 4000,
    });
    await (await cf(`${ORIGIN}/small`)).text();
    await (await cf(`${ORIGIN}/big`)).text();
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(1);
    await (await cf(`${ORIGIN}/big`)).text();
    expect(origin.seen('/big')).toHaveLength(2);
  });
});

describe('maxBytesPerPartition is validated at creation', () => {
  it('a TypeError names it when it is not a positive integer', () => {
    for (const value of [0, -1, 1.5, '100', null]) {
      expect(() => makeCachedFetch({ maxBytesPerPartition: value as never })).toThrow(
        /options\.maxBytesPerPartition/,
      );
    }
  });

  it('a rejected creation changes nothing: the store given is not opened, read or written', () => {
    const store = new MemoryStore();
    const called: string[] = [];
    for (const method of [
      'open',
      'put',
      'prune',
      'stats',
      'lookup',
      'getVariants',
      'clear',
    ] as const) {
      const original = (store as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (typeof original !== 'function') continue;
      Object.defineProperty(store, method, {
        value: (...args: unknown[]) => {
          called.push(method);
          return original.apply(store, args);
        },
      });
    }
    for (const value of [0, Number.NaN, 2 ** 60]) {
      expect(() => makeCachedFetch({ store, maxBytesPerPartition: value })).toThrow(
        /options\.maxBytesPerPartition/,
      );
    }
    expect(called).toEqual([]);
  });

  it('a TypeError names it for a custom store that does not prune partitions', () => {
    // A store that would ignore `limits.partition` (as any custom store written before it).
    const custom = new MemoryStore();
    Object.defineProperty(custom, 'prunesPartitions', { value: false });
    expect(() => makeCachedFetch({ store: custom, maxBytesPerPartition: 1000 })).toThrow(
      /options\.maxBytesPerPartition/,
    );
  });
});
