// Decision 0027, "Seventh pass": with the default store, a page's first lookups read the database
// opened as the cached fetch was created, before the store's chunk has loaded
// (src/fetch/storage/early-lookup.ts). Each test is a reload: one instance fills the default
// database, a second one (its memory empty, its store not loaded) is the next page. What it
// answers must be what the store would answer: RFC 9111 §4 reuse, §4.3 revalidation, Vary and
// No-Vary-Search, partitions, read-your-writes, entries of an unknown format, a clear or a deleted
// database in between; and the uses it reads are recorded once the store has loaded.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ENTRY_FORMAT } from '../../src/store/cache-store';
import { EARLY_OPEN_WAIT_MS } from '../../src/store/indexeddb-early-read';
import { SCHEMA_VERSION } from '../../src/store/indexeddb-records';
import { DEFAULT_DATABASE_NAME, IndexedDBStore } from '../../src/store/indexeddb-store';
import { peekEarly, takeEarly } from '../../src/store/open-early';
import { uniqueName } from '../store/fixtures';
import { rawDelete, rawDump, rawOpen } from '../store/raw-indexeddb';
import { fixedClock, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const clock = fixedClock();

/** A cached fetch on the default store (IndexedDB: fake-indexeddb here), on the shared clock. */
function page(options: Parameters<typeof makeCachedFetch>[0] = {}) {
  return makeCachedFetch({ store: undefined, clock, ...options });
}

/**
 * Whether this page's early open is still there, not taken by a store: checked right after a
 * response, it says the early read answered (a lookup through the store takes the early open).
 */
function readEarly(): boolean {
  return peekEarly(DEFAULT_DATABASE_NAME) !== undefined;
}

/** The first page: `paths` fetched and stored, then closed. */
async function firstPage(paths: string[], options: Parameters<typeof page>[0] = {}) {
  const cf = page(options);
  for (const path of paths) await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
  await cf.cache.close();
}

/** `cf`'s errors, by operation. */
function errorsOf(cf: ReturnType<typeof page>): string[] {
  const operations: string[] = [];
  cf.cache.addEventListener('error', ({ operation }) => operations.push(operation));
  return operations;
}

beforeEach(async () => {
  (await takeEarly(DEFAULT_DATABASE_NAME))?.close();
  await rawDelete(DEFAULT_DATABASE_NAME);
});

const fresh = { 'cache-control': 'max-age=600', etag: '"v1"' };

describe('a reload: the first lookups read the default database before its store loads', () => {
  it('RFC 9111 §4.2 a fresh entry answers without the origin; its use is recorded once the store loads', async () => {
    origin.reply('/a', { headers: fresh, body: 'a1' });
    await firstPage(['/a']);
    clock.advance(5_000);
    const next = page();
    const errors = errorsOf(next);
    const response = await next(`${ORIGIN}/a`);
    expect(readEarly()).toBe(true);
    expect(await response.text()).toBe('a1');
    expect(response.headers.get('cache-status')).toContain('hit');
    await next.cache.settled();
    expect(origin.seen('/a')).toHaveLength(1);
    expect(errors).toEqual([]);
    const store = new IndexedDBStore();
    const [entry] = await store.list();
    expect(entry?.lastUsed).toBe(clock.now());
    await store.close();
    await next.cache.close();
  });

  it('RFC 9111 §4.3 a stale entry read early is revalidated with its validator, a 304 serving the stored body', async () => {
    origin.reply(
      '/stale',
      { headers: { 'cache-control': 'max-age=1', etag: '"v1"' }, body: 'stored' },
      { status: 304, headers: { 'cache-control': 'max-age=1', etag: '"v1"' } },
    );
    await firstPage(['/stale']);
    clock.advance(10_000);
    const next = page();
    const response = await next(`${ORIGIN}/stale`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('stored');
    const requests = origin.seen('/stale');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.headers.get('if-none-match')).toBe('"v1"');
    await next.cache.close();
  });

  it('RFC 9111 §4.1 Vary: a variant stored for another Accept-Language is not served', async () => {
    origin.reply('/vary', { headers: { ...fresh, vary: 'accept-language' }, body: 'en' });
    const cf = page();
    await (await cf(`${ORIGIN}/vary`, { headers: { 'accept-language': 'en' } })).text();
    await cf.cache.settled();
    await cf.cache.close();
    const next = page();
    const de = await next(`${ORIGIN}/vary`, { headers: { 'accept-language': 'de' } });
    expect(readEarly()).toBe(true);
    expect(de.headers.get('cache-status')).not.toContain('hit');
    await de.text();
    expect(origin.seen('/vary')).toHaveLength(2);
    await next.cache.close();
  });

  it('No-Vary-Search: an equivalent URL stored on the first page answers (read through the store)', async () => {
    origin.reply('/s', {
      headers: { ...fresh, 'no-vary-search': 'params=("utm_source")' },
      body: 'search',
    });
    await firstPage(['/s?q=1&utm_source=mail']);
    const next = page();
    const response = await next(`${ORIGIN}/s?q=1&utm_source=ad`);
    expect(await response.text()).toBe('search');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/s')).toHaveLength(1);
    await next.cache.close();
  });

  it("partitions: another user's entry is never read (two users, one browser)", async () => {
    let user = 'alice';
    origin.reply('/me', (request) => ({
      headers: fresh,
      body: `me of ${request.headers.get('x-user')}`,
    }));
    const cf = page({ partition: () => user });
    await (await cf(`${ORIGIN}/me`, { headers: { 'x-user': 'alice' } })).text();
    await cf.cache.settled();
    await cf.cache.close();
    user = 'bob';
    const next = page({ partition: () => user });
    const response = await next(`${ORIGIN}/me`, { headers: { 'x-user': 'bob' } });
    expect(readEarly()).toBe(true);
    expect(await response.text()).toBe('me of bob');
    expect(origin.seen('/me')).toHaveLength(2);
    await next.cache.close();
  });

  it('an entry of an unknown format (a later version wrote it) is absent, and reported once', async () => {
    origin.reply('/future', { headers: fresh, body: 'x' });
    await firstPage(['/future']);
    const store = new IndexedDBStore();
    for (const { size: _, ...entry } of await store.list()) {
      const body = await store.getBody(entry.id);
      await store.put({ ...entry, format: ENTRY_FORMAT + 1 }, body as ArrayBuffer);
    }
    await store.close();
    const next = page();
    const errors = errorsOf(next);
    const response = await next(`${ORIGIN}/future`);
    expect(readEarly()).toBe(true);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    await response.text();
    await next.cache.settled();
    expect(origin.seen('/future')).toHaveLength(2);
    expect(errors).toEqual(['format']);
    await next.cache.close();
  });

  it('a clear() called before the first lookup: nothing it removed is served', async () => {
    origin.reply('/cleared', { headers: fresh, body: 'x' });
    await firstPage(['/cleared']);
    const next = page();
    const clearing = next.cache.clear();
    const response = await next(`${ORIGIN}/cleared`);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    await response.text();
    expect(await clearing).toBe(1);
    expect(origin.seen('/cleared')).toHaveLength(2);
    await next.cache.close();
  });

  it('the database deleted before the first lookup (another tab, clear site data): nothing of it is served', async () => {
    origin.reply('/deleted', { headers: fresh, body: 'x' });
    await firstPage(['/deleted']);
    const next = page();
    await rawDelete(DEFAULT_DATABASE_NAME);
    const response = await next(`${ORIGIN}/deleted`);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    await response.text();
    expect(origin.seen('/deleted')).toHaveLength(2);
    await next.cache.close();
  });
});

describe('what the early read leaves to the store', () => {
  it("credentials (decision 0018): after a reload a request with a bearer token reads through the store (its hash key is there); bob never gets alice's response, and no token is at rest", async () => {
    const tokens = { alice: 'Bearer tok-alice-early-4f1e', bob: 'Bearer tok-bob-early-7a2c' };
    // The origin names the user (never echoes the token: the body is stored as it is).
    const userOf = (authorization: string | null) =>
      Object.entries(tokens).find(([, token]) => token === authorization)?.[0];
    origin.reply('/private', (request) => ({
      headers: { 'cache-control': 'private, max-age=600', vary: 'authorization' },
      body: `private of ${userOf(request.headers.get('authorization'))}`,
    }));
    const cf = page();
    await (await cf(`${ORIGIN}/private`, { headers: { authorization: tokens.alice } })).text();
    await cf.cache.settled();
    await cf.cache.close();
    const next = page();
    const bob = await next(`${ORIGIN}/private`, { headers: { authorization: tokens.bob } });
    expect(readEarly()).toBe(false);
    expect(await bob.text()).toBe('private of bob');
    const alice = await next(`${ORIGIN}/private`, { headers: { authorization: tokens.alice } });
    expect(await alice.text()).toBe('private of alice');
    expect(alice.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/private').map((r) => r.headers.get('authorization'))).toEqual([
      tokens.alice,
      tokens.bob,
    ]);
    await next.cache.settled();
    await next.cache.close();
    const db = await rawOpen(DEFAULT_DATABASE_NAME);
    try {
      const dump = await rawDump(db);
      expect(dump).toContain('private of alice');
      expect(dump).toContain('private of bob');
      for (const token of Object.values(tokens)) expect(dump).not.toContain(token.slice(7));
    } finally {
      db.close();
    }
  });

  it('a database a later version upgraded is not read (its layout may differ): the store decides', async () => {
    origin.reply('/later', { headers: fresh, body: 'x' });
    await firstPage(['/later']);
    // A later version of the library, in another tab, upgraded the database (nothing else changed).
    (await rawOpen(DEFAULT_DATABASE_NAME, SCHEMA_VERSION + 1)).close();
    const next = page({ warnings: false });
    const response = await next(`${ORIGIN}/later`);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    await response.text();
    expect(origin.seen('/later')).toHaveLength(2);
    await next.cache.close();
  });

  it('an early open that never answers (Safari can hang): the lookups read through the store after a wait', async () => {
    origin.reply('/hung', { headers: fresh, body: 'x' });
    await firstPage(['/hung']);
    // The early open (no version) never answers; the store's own (at its version) does.
    const open = indexedDB.open.bind(indexedDB);
    const spy = vi
      .spyOn(indexedDB, 'open')
      .mockImplementation((name, version) =>
        version === undefined ? ({} as IDBOpenDBRequest) : open(name, version),
      );
    try {
      const next = page();
      const errors = errorsOf(next);
      const started = Date.now();
      const first = await next(`${ORIGIN}/hung`);
      expect(first.headers.get('cache-status')).toContain('hit');
      // Waited for the early open, then the store's: not for the 5 s lookup deadline.
      expect(Date.now() - started).toBeGreaterThanOrEqual(EARLY_OPEN_WAIT_MS - 50);
      expect(Date.now() - started).toBeLessThan(4_000);
      const second = await next(`${ORIGIN}/hung`);
      expect(second.headers.get('cache-status')).toContain('hit');
      await next.cache.settled();
      expect(errors).toEqual([]);
      expect(origin.seen('/hung')).toHaveLength(1);
      await next.cache.close();
    } finally {
      spy.mockRestore();
    }
  });

  it('a database found absent is looked for again: another tab may create and fill it meanwhile', async () => {
    origin.reply('/not-stored', { headers: { 'cache-control': 'no-store' }, body: 'n' });
    origin.reply('/filled', { headers: fresh, body: 'filled' });
    const here = page();
    // No database: a miss, and nothing this page stores (so its store never loads).
    await (await here(`${ORIGIN}/not-stored`)).text();
    // Another tab (a copy of the library of its own) creates the database and stores /filled.
    vi.resetModules();
    const other = await import('../../src/index');
    const tab = other.createCachedFetch({ crossTab: false, now: clock.now });
    await (await tab(`${ORIGIN}/filled`)).text();
    await tab.cache.settled();
    await tab.cache.close();
    const response = await here(`${ORIGIN}/filled`);
    expect(await response.text()).toBe('filled');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/filled')).toHaveLength(1);
    await here.cache.close();
  });
});

describe('a first visit: no database yet', () => {
  it('the lookup is a miss at once; the response is stored, and read back while its write is under way', async () => {
    origin.reply('/first', { headers: fresh, body: 'first' });
    const cf = page();
    const errors = errorsOf(cf);
    expect(await (await cf(`${ORIGIN}/first`)).text()).toBe('first');
    // Read-your-writes: no settled() in between.
    const again = await cf(`${ORIGIN}/first`);
    expect(await again.text()).toBe('first');
    expect(again.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/first')).toHaveLength(1);
    await cf.cache.settled();
    expect(errors).toEqual([]);
    expect(await cf.cache.stats()).toMatchObject({ entries: 1, store: 'indexeddb' });
    await cf.cache.close();
  });
});

describe('calls made while the store loads keep their order', () => {
  it('a store of its own: a clear() called before a lookup, both before the store loaded, is seen by it', async () => {
    origin.reply('/own', { headers: fresh, body: 'x' });
    const name = uniqueName('early-own');
    const first = page({ store: new IndexedDBStore({ name }) });
    await (await first(`${ORIGIN}/own`)).text();
    await first.cache.settled();
    await first.cache.close();
    const next = page({ store: new IndexedDBStore({ name }) });
    const clearing = next.cache.clear();
    const response = await next(`${ORIGIN}/own`);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    await response.text();
    expect(await clearing).toBe(1);
    expect(origin.seen('/own')).toHaveLength(2);
    await next.cache.close();
    await rawDelete(name);
  });
});
