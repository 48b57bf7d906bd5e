// The `storageBucket` option in real engines (issue 25 item 5, decision 0026). Chromium has
// Storage Buckets: the cache's database lives in its own bucket, which the browser can delete or
// evict without the app's other data, and the other way round. Firefox and WebKit have none: the
// default database, and the cache works as without the option.
import { afterEach, describe, expect, it } from 'vitest';
import { type CachedFetch, type CachedFetchOptions, createCachedFetch } from '../../src/index';
import { rawDump, request } from '../store/raw-indexeddb';
import { fetchAndStore, nextEvent, recordEvents, sameOrigin } from './fetch-support';

interface Bucket {
  indexedDB: IDBFactory;
  estimate(): Promise<{ usage?: number; quota?: number }>;
}
interface Buckets {
  open(name: string, options?: object): Promise<Bucket>;
  keys(): Promise<string[]>;
  delete(name: string): Promise<void>;
}
const buckets = (navigator as unknown as { storageBuckets?: Buckets }).storageBuckets;

let counter = 0;
const opened: CachedFetch[] = [];
const bucketsMade: string[] = [];
const appDatabases: string[] = [];

/** A bucket name no other test (or engine run) uses. */
function uniqueBucket(): string {
  const name = `cf-test-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  bucketsMade.push(name);
  return name;
}

function open(storageBucket: CachedFetchOptions['storageBucket']): CachedFetch {
  const cachedFetch = createCachedFetch({ storageBucket, crossTab: false, warnings: false });
  opened.push(cachedFetch);
  return cachedFetch;
}

/** The app's own data in the origin's default storage: a database with one record. */
async function appDatabase(): Promise<string> {
  const name = `app-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  appDatabases.push(name);
  const openRequest = indexedDB.open(name, 1);
  openRequest.onupgradeneeded = () => openRequest.result.createObjectStore('data');
  const db = await request(openRequest);
  const tx = db.transaction('data', 'readwrite');
  tx.objectStore('data').put('the app keeps this', 'key');
  await new Promise((resolve) => {
    tx.oncomplete = resolve;
  });
  db.close();
  return name;
}

/** What the app's database holds under 'key' (undefined once it is gone or emptied). */
async function appRecord(name: string): Promise<unknown> {
  const openRequest = indexedDB.open(name);
  openRequest.onupgradeneeded = () => openRequest.result.createObjectStore('data');
  const db = await request(openRequest);
  try {
    return await request(db.transaction('data').objectStore('data').get('key'));
  } finally {
    db.close();
  }
}

/** How many records a database of `factory` holds in `records` (0 if it has no such store). */
async function recordsIn(factory: IDBFactory, name: string): Promise<number> {
  const db = await request(factory.open(name));
  try {
    if (!db.objectStoreNames.contains('records')) return 0;
    return await request(db.transaction('records').objectStore('records').count());
  } finally {
    db.close();
  }
}

afterEach(async () => {
  for (const cachedFetch of opened.splice(0)) await cachedFetch.cache.close().catch(() => {});
  for (const name of bucketsMade.splice(0)) await buckets?.delete(name).catch(() => {});
  for (const name of appDatabases.splice(0)) await request(indexedDB.deleteDatabase(name));
  // Where there are no buckets, the cache used the default database.
  if (!buckets) await request(indexedDB.deleteDatabase('cached-fetch'));
});

async function storedPath(label: string): Promise<string> {
  const origin = sameOrigin();
  const path = origin.path(label);
  await origin.script(path, {
    headers: { 'cache-control': 'max-age=600', 'content-type': 'text/plain' },
    body: `body of ${label}`,
  });
  return path;
}

describe.runIf(buckets)('storageBucket in Chromium: a bucket of its own', () => {
  it('keeps the database in the bucket: storageBuckets.keys() lists it, stats() names it', async () => {
    const name = uniqueBucket();
    const cachedFetch = open(name);
    const path = await storedPath('in-bucket');
    await fetchAndStore(cachedFetch, path);
    await cachedFetch.cache.settled();
    expect(await buckets!.keys()).toContain(name);
    const bucket = await buckets!.open(name);
    // Metadata and body records of the one entry.
    expect(await recordsIn(bucket.indexedDB, 'cached-fetch')).toBe(2);
    const stats = await cachedFetch.cache.stats();
    expect(stats).toMatchObject({ entries: 1, store: 'indexeddb', persistent: true, bucket: name });
    // The bucket's usage, not the origin's.
    expect(stats.usage).toBe((await bucket.estimate()).usage);
    expect((await cachedFetch(path)).headers.get('cache-status')).toMatch(/hit/);
  });

  it("a bucket's own quota: stats() reports it", async () => {
    const name = uniqueBucket();
    const cachedFetch = open({ name, quota: 3_000_000 });
    await fetchAndStore(cachedFetch, await storedPath('quota'));
    const stats = await cachedFetch.cache.stats();
    expect(stats).toMatchObject({ entries: 1, bucket: name, quota: 3_000_000 });
    expect(stats.usage).toBeGreaterThan(0);
  });

  it("past the bucket's own quota: least recently used entries go, the newest are stored", async () => {
    const name = uniqueBucket();
    const cachedFetch = open({ name, quota: 1_000_000 });
    const evicted = recordEvents(cachedFetch, 'evicted');
    const errors = recordEvents(cachedFetch, 'error');
    const origin = sameOrigin();
    const paths: string[] = [];
    for (let i = 0; i < 20; i++) {
      const path = origin.path(`quota-${i}`);
      await origin.script(path, {
        headers: { 'cache-control': 'max-age=600' },
        body: String(i % 10).repeat(100_000),
      });
      paths.push(path);
    }
    // 2 MB of bodies into a 1 MB bucket, one after another.
    for (const path of paths) {
      const response = await cachedFetch(path);
      expect((await response.text()).length).toBe(100_000);
      await cachedFetch.cache.settled();
    }
    const stats = await cachedFetch.cache.stats();
    expect(stats).toMatchObject({ bucket: name, quota: 1_000_000 });
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.entries).toBeLessThan(10);
    expect(evicted.length).toBeGreaterThan(0);
    // What is left is the most recent responses, and only they.
    const kept = (await cachedFetch.cache.entries(undefined)).map(
      ({ requestUrl }) => new URL(requestUrl).pathname,
    );
    expect(kept.sort()).toEqual(
      paths
        .slice(-stats.entries)
        .map((path) => new URL(path, location.href).pathname)
        .sort(),
    );
    expect((await cachedFetch(paths.at(-1)!)).headers.get('cache-status')).toMatch(/hit/);
    expect(errors.map(({ operation, error }) => `${operation}: ${String(error)}`)).toEqual([]);
  });

  it("the bucket deleted (as the browser evicts it): wiped once; the app's default storage is intact", async () => {
    const app = await appDatabase();
    const name = uniqueBucket();
    const cachedFetch = open(name);
    const path = await storedPath('bucket-deleted');
    await fetchAndStore(cachedFetch, path);
    const { bytes } = await cachedFetch.cache.stats();
    const wiped = recordEvents(cachedFetch, 'wiped');
    const firstWipe = nextEvent(cachedFetch, 'wiped');

    await buckets!.delete(name);
    expect(await firstWipe).toEqual({ entries: 1, bytes, lastSeen: expect.any(Number) });
    expect(await appRecord(app)).toBe('the app keeps this');

    // Carries on: a miss, stored again in the bucket, opened anew.
    const again = await fetchAndStore(cachedFetch, path);
    expect(again.response.headers.get('cache-status')).toMatch(/uri-miss/);
    await cachedFetch.cache.settled();
    expect(await buckets!.keys()).toContain(name);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 1, bucket: name });
    expect((await cachedFetch(path)).headers.get('cache-status')).toMatch(/hit/);
    expect(wiped).toHaveLength(1);
  });

  it('two users through the bucket: no token in any raw record of it, and bob is never served alice', async () => {
    const name = uniqueBucket();
    const cachedFetch = open(name);
    const origin = sameOrigin();
    const varied = origin.path('bucket-varied');
    const me = origin.path('bucket-me');
    await origin.script(varied, {
      headers: { 'cache-control': 'private, max-age=300', vary: 'Authorization' },
      body: 'varied body',
    });
    await origin.script(me, {
      headers: { 'cache-control': 'private, max-age=300', etag: '"me"' },
      body: 'profile body',
      conditional: true,
    });
    const tokens = { alice: 'Bearer tok-alice-bucket-4d3c', bob: 'Bearer tok-bob-bucket-8e7f' };
    for (const authorization of Object.values(tokens)) {
      for (const path of [varied, me]) {
        await (await cachedFetch(path, { headers: { authorization } })).text();
        await cachedFetch.cache.settled();
      }
    }
    // Bob's requests reached the origin with his own token (a full request, then a 304).
    expect((await origin.log(varied)).map((r) => r.headers.authorization)).toEqual([
      tokens.alice,
      tokens.bob,
    ]);
    const meLog = await origin.log(me);
    expect(meLog.map((r) => r.headers.authorization)).toEqual([tokens.alice, tokens.bob]);
    expect(meLog[1]?.headers['if-none-match']).toBe('"me"');
    expect((await cachedFetch.cache.stats()).bucket).toBe(name);
    await cachedFetch.cache.close();

    const bucket = await buckets!.open(name);
    const db = await request(bucket.indexedDB.open('cached-fetch'));
    try {
      const dump = await rawDump(db);
      expect(dump).toContain('varied body');
      for (const token of Object.values(tokens)) expect(dump).not.toContain(token.slice(7));
      expect(dump).not.toContain('Bearer');
    } finally {
      db.close();
    }
  });

  it("the app's default storage deleted: the cache's bucket is intact, no wiped", async () => {
    const app = await appDatabase();
    const name = uniqueBucket();
    const cachedFetch = open(name);
    const wiped = recordEvents(cachedFetch, 'wiped');
    const path = await storedPath('default-deleted');
    await fetchAndStore(cachedFetch, path);
    await cachedFetch.cache.settled();

    // The app deletes its databases, one named as the cache's among them (in the default bucket).
    await request(indexedDB.deleteDatabase(app));
    await request(indexedDB.deleteDatabase('cached-fetch'));
    expect(await appRecord(app)).toBeUndefined();

    expect((await cachedFetch(path)).headers.get('cache-status')).toMatch(/hit/);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 1, bucket: name });
    expect(await recordsIn((await buckets!.open(name)).indexedDB, 'cached-fetch')).toBe(2);
    expect(wiped).toEqual([]);
  });
});

describe.skipIf(buckets)(
  'storageBucket without Storage Buckets (Firefox, WebKit): the default database',
  () => {
    it('falls back: stored and served from the default database; stats() names no bucket', async () => {
      const cachedFetch = open({ name: uniqueBucket(), durability: 'strict' });
      const path = await storedPath('fallback');
      const { body } = await fetchAndStore(cachedFetch, path);
      expect(body).toBe('body of fallback');
      await cachedFetch.cache.settled();
      const stats = await cachedFetch.cache.stats();
      expect(stats).toMatchObject({ entries: 1, store: 'indexeddb', persistent: true });
      expect(stats.bucket).toBeUndefined();
      expect(await recordsIn(indexedDB, 'cached-fetch')).toBe(2);
      expect((await cachedFetch(path)).headers.get('cache-status')).toMatch(/hit/);
    });
  },
);
