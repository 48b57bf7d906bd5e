// The `storageBucket` option (issue 25 item 5, decision 0026): the cache's database in a Storage
// Bucket of its own where `navigator.storageBuckets` exists, the default database elsewhere. Here
// the bucket API is a stand-in over a second fake-indexeddb factory; the real one is tested in
// Chromium (test/browser/storage-bucket.test.ts).
import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachedFetchOptions } from '../../src/index';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

let counter = 0;
/** A bucket of its own per test (the database in it is always 'cached-fetch'). */
const uniqueBucket = () => `bucket-${++counter}`;

/** Names of the databases a factory holds. */
async function databases(factory: IDBFactory): Promise<string[]> {
  return (await factory.databases()).map(({ name }) => name!);
}

/** A `navigator.storageBuckets` whose buckets keep their databases in factories of their own. */
function fakeStorageBuckets(refuse?: Error) {
  const buckets = new Map<string, ReturnType<typeof newBucket>>();
  const newBucket = () => ({
    indexedDB: new IDBFactory(),
    persist: vi.fn(async () => true),
    persisted: vi.fn(async () => false),
    estimate: vi.fn(async () => ({ usage: 42, quota: 1_000_000 })),
  });
  const manager = {
    open: vi.fn(async (name: string, _options?: object) => {
      if (refuse) throw refuse;
      if (!buckets.has(name)) buckets.set(name, newBucket());
      return buckets.get(name)!;
    }),
  };
  Object.defineProperty(navigator, 'storageBuckets', { value: manager, configurable: true });
  return { manager, buckets };
}

afterEach(async () => {
  Reflect.deleteProperty(navigator, 'storageBuckets');
  Reflect.deleteProperty(navigator, 'storage');
  // The default database, where a fallback kept its entries (each cache is closed by then).
  await new Promise((resolve) => {
    indexedDB.deleteDatabase('cached-fetch').onsuccess = resolve;
  });
});

function cached(options: CachedFetchOptions) {
  // The default store (store: undefined), which the option applies to.
  return makeCachedFetch({ store: undefined, memory: false, ...options });
}

async function storeOne(cf: ReturnType<typeof cached>, path: string) {
  origin.reply(path, { headers: { 'cache-control': 'max-age=600' }, body: 'kept' });
  expect(await (await cf(`${ORIGIN}${path}`)).text()).toBe('kept');
  await cf.cache.settled();
}

describe('storageBucket: checked at creation', () => {
  const invalid: unknown[] = [
    '',
    'Cache',
    '-cache',
    '_cache',
    'cache fetch',
    'a'.repeat(65),
    42,
    null,
    true,
    [],
    {},
    { name: 'Cache' },
    { name: 5 },
    { name: 'cache', durability: 'fast' },
    { name: 'cache', durability: '' },
    { name: 'cache', quota: 0 },
    { name: 'cache', quota: 1.5 },
    { name: 'cache', quota: '1MB' },
    { name: 'cache', persisted: true },
  ];
  it.each(invalid.map((value) => [value]))(
    'rejects %j with a TypeError naming options.storageBucket',
    (value) => {
      const create = () => cached({ storageBucket: value as never });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/options\.storageBucket/);
    },
  );

  it('accepts a name, or { name, durability?, quota? }', async () => {
    for (const storageBucket of [
      'cached-fetch',
      'a',
      '0_a-b',
      'a'.repeat(64),
      { name: 'c' },
      { name: 'c', durability: 'strict' as const, quota: 1_000_000 },
      { name: 'c', durability: 'relaxed' as const, quota: undefined },
    ]) {
      await cached({ storageBucket }).cache.close();
    }
  });

  it("IndexedDBStore's bucket option is checked the same way", () => {
    expect(() => new IndexedDBStore({ bucket: 'Cache' })).toThrow(/options\.bucket/);
    expect(() => new IndexedDBStore({ bucket: { name: 'c', durability: 'x' as never } })).toThrow(
      TypeError,
    );
    expect(new IndexedDBStore({ bucket: 'c' }).bucket).toBeUndefined();
  });
});

describe('storageBucket where the browser has no Storage Buckets (Firefox, WebKit, Node)', () => {
  it('keeps the default database, unchanged, and stats() names no bucket', async () => {
    expect('storageBuckets' in navigator).toBe(false);
    const cf = cached({ storageBucket: uniqueBucket() });
    await storeOne(cf, '/fallback');
    const stats = await cf.cache.stats();
    expect(stats).toMatchObject({ entries: 1, store: 'indexeddb', persistent: true });
    expect(stats.bucket).toBeUndefined();
    expect(await databases(indexedDB as IDBFactory)).toContain('cached-fetch');
    expect((await cf(`${ORIGIN}/fallback`)).headers.get('cache-status')).toMatch(/hit/);
    await cf.cache.close();
  });
});

describe('storageBucket where navigator.storageBuckets exists (Chromium)', () => {
  it('opens the database in the bucket, relaxed by default; stats() and persist ask the bucket', async () => {
    const { manager, buckets } = fakeStorageBuckets();
    const storage = { persist: vi.fn(async () => true), estimate: vi.fn() };
    Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
    const name = uniqueBucket();
    const cf = cached({ storageBucket: name, persist: true });
    await storeOne(cf, '/in-bucket');
    expect(manager.open).toHaveBeenCalledWith(name, { durability: 'relaxed' });
    const bucket = buckets.get(name)!;
    expect(await databases(bucket.indexedDB)).toEqual(['cached-fetch']);
    expect(await databases(indexedDB as IDBFactory)).not.toContain('cached-fetch');

    expect(await cf.cache.stats()).toMatchObject({
      entries: 1,
      store: 'indexeddb',
      bucket: name,
      persisted: false,
      usage: 42,
      quota: 1_000_000,
    });
    // `persist` asks the bucket, not the origin: the cache's storage is the bucket.
    expect(bucket.persist).toHaveBeenCalledTimes(1);
    expect(storage.persist).not.toHaveBeenCalled();
    expect(storage.estimate).not.toHaveBeenCalled();
    expect((await cf(`${ORIGIN}/in-bucket`)).headers.get('cache-status')).toMatch(/hit/);
    await cf.cache.close();
  });

  it("stats() as the first call reports the bucket's storage, not the origin's", async () => {
    const { buckets } = fakeStorageBuckets();
    const storage = {
      persisted: vi.fn(async () => true),
      estimate: vi.fn(async () => ({ usage: 7, quota: 9 })),
    };
    Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
    const name = uniqueBucket();
    const cf = cached({ storageBucket: name });
    expect(await cf.cache.stats()).toMatchObject({
      entries: 0,
      bucket: name,
      persisted: false,
      usage: 42,
      quota: 1_000_000,
    });
    expect(buckets.get(name)!.estimate).toHaveBeenCalledTimes(1);
    expect(storage.estimate).not.toHaveBeenCalled();
    await cf.cache.close();
  });

  it('passes durability and quota to the bucket', async () => {
    const { manager } = fakeStorageBuckets();
    const name = uniqueBucket();
    const cf = cached({ storageBucket: { name, durability: 'strict', quota: 5_000_000 } });
    await storeOne(cf, '/strict');
    expect(manager.open).toHaveBeenCalledWith(name, { durability: 'strict', quota: 5_000_000 });
    await cf.cache.close();
  });

  it('the bucket deleted while open: wiped once, then the bucket is opened again and used', async () => {
    const { manager, buckets } = fakeStorageBuckets();
    const name = uniqueBucket();
    const cf = cached({ storageBucket: name });
    const wiped: unknown[] = [];
    cf.cache.addEventListener('wiped', (detail) => wiped.push(detail));
    await storeOne(cf, '/wiped');
    await cf.cache.stats();
    // storageBuckets.delete: the bucket and its databases go (here: the database is deleted).
    const deleted = buckets.get(name)!.indexedDB.deleteDatabase('cached-fetch');
    await new Promise((resolve) => {
      deleted.onsuccess = resolve;
    });
    buckets.delete(name);
    expect(wiped).toEqual([
      { entries: 1, bytes: expect.any(Number), lastSeen: expect.any(Number) },
    ]);
    await storeOne(cf, '/wiped');
    expect(origin.seen('/wiped')).toHaveLength(2);
    expect(manager.open.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(await databases(buckets.get(name)!.indexedDB)).toEqual(['cached-fetch']);
    expect(await cf.cache.stats()).toMatchObject({ entries: 1, bucket: name });
    await cf.cache.close();
  });

  it("the bucket deleted with Chromium's close first: the reopen in the doomed bucket fails, the next finds the loss (wiped once, no fallback to memory)", async () => {
    const { manager, buckets } = fakeStorageBuckets();
    const name = uniqueBucket();
    // The bucket as the cache will open it, its connections kept to close them as the browser does.
    const bucket = await manager.open(name);
    const connections: IDBDatabase[] = [];
    const open = bucket.indexedDB.open.bind(bucket.indexedDB);
    bucket.indexedDB.open = (...args: Parameters<IDBFactory['open']>) => {
      const request = open(...args);
      request.addEventListener('success', () => connections.push(request.result));
      return request;
    };
    const cf = cached({ storageBucket: name });
    const errors: string[] = [];
    cf.cache.addEventListener('error', ({ error, operation }) =>
      errors.push(`${operation}: ${String(error)}`),
    );
    await storeOne(cf, '/doomed');
    const { bytes } = await cf.cache.stats();
    const wipes: unknown[] = [];
    const wiped = new Promise((resolve) =>
      cf.cache.addEventListener('wiped', (detail) => {
        wipes.push(detail);
        resolve(detail);
      }),
    );

    // storageBuckets.delete in Chromium: the connection's close event comes before the deletion
    // is done, so the bucket opened at once is the doomed one, where an open fails; a moment
    // later the bucket is made anew, empty.
    buckets.delete(name);
    manager.open.mockImplementationOnce(async () => ({
      ...bucket,
      indexedDB: {
        open: () => {
          throw new DOMException('Internal error.', 'UnknownError');
        },
      } as unknown as IDBFactory,
    }));
    // (fake-indexeddb's declaration types its parameter as the IDBDatabase class.)
    forceCloseDatabase(connections.at(-1)! as never);

    expect(await wiped).toEqual({ entries: 1, bytes, lastSeen: expect.any(Number) });
    expect(await cf.cache.stats()).toMatchObject({ entries: 0, store: 'indexeddb', bucket: name });
    await storeOne(cf, '/doomed');
    expect(origin.seen('/doomed')).toHaveLength(2);
    expect(await databases(buckets.get(name)!.indexedDB)).toEqual(['cached-fetch']);
    expect(wipes).toHaveLength(1);
    expect(errors).toEqual([]);
    await cf.cache.close();
  });

  it('a bucket that cannot be opened: reported once, the default database for the session', async () => {
    const refusal = new DOMException('refused', 'UnknownError');
    const { manager } = fakeStorageBuckets(refusal);
    const cf = cached({ storageBucket: uniqueBucket() });
    const errors: unknown[] = [];
    cf.cache.addEventListener('error', ({ error, operation }) => errors.push([operation, error]));
    await storeOne(cf, '/refused');
    await storeOne(cf, '/refused-2');
    expect(errors).toEqual([['open', refusal]]);
    expect(manager.open).toHaveBeenCalledTimes(1);
    const stats = await cf.cache.stats();
    expect(stats).toMatchObject({ entries: 2, store: 'indexeddb' });
    expect(stats.bucket).toBeUndefined();
    await cf.cache.close();
  });

  it('applies to the default store only: with a given store, a TypeError naming it', () => {
    fakeStorageBuckets();
    const create = () =>
      makeCachedFetch({ store: new MemoryStore(), storageBucket: uniqueBucket() });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(/options\.storageBucket to be absent with options\.store/);
  });
});
