// No-Vary-Search on the lookup (draft-ietf-httpbis-no-vary-search §7 "Caching"; issue 23 item 4,
// decision 0025): a stored response answers a request whose URL is equivalent to its own modulo the
// search variance its No-Vary-Search gives (§6), found only when the exact key has no variant for
// the request; Vary still applies, partitions are never crossed, a Range request and HEAD read the
// same way, a 304 freshens the entry found, and invalidating a URL reaches its equivalents.
import { describe, expect, it } from 'vitest';
import type { CacheStore, StoreListFilter } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { uniqueName } from '../store/fixtures';
import { rawDelete } from '../store/raw-indexeddb';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

const UTM = 'params=("utm_source"), key-order';

/** /search: a fresh response naming its own URL, with an ETag and the given No-Vary-Search. */
function search(noVarySearch: string | null, extra: Record<string, string> = {}) {
  let served = 0;
  return (request: Request): Reply => {
    const headers: Record<string, string> = {
      'cache-control': 'max-age=600',
      etag: '"s1"',
      ...extra,
    };
    if (noVarySearch !== null) headers['no-vary-search'] = noVarySearch;
    if (request.headers.get('if-none-match') === '"s1"') return { status: 304, headers };
    served += 1;
    const { search } = new URL(request.url);
    return {
      headers,
      body: `${search} #${served} ${request.headers.get('accept-language') ?? ''}`,
    };
  };
}

type CachedFetch = ReturnType<typeof makeCachedFetch>;

async function get(cf: CachedFetch, query: string, init?: RequestInit) {
  const response = await cf(`${ORIGIN}/search${query}`, init);
  const body = await response.text();
  await cf.cache.settled();
  return { status: response.status, body, cacheStatus: response.headers.get('cache-status') ?? '' };
}

/** What the origin saw at /search: each request's query, and `conditional` when it was one. */
function seen(): string[] {
  return origin
    .seen('/search')
    .map((r) => `${new URL(r.url).search}${r.headers.get('if-none-match') ? ' conditional' : ''}`);
}

/** A MemoryStore that counts the candidate queries (`list` with a searchBase). */
class CountingStore extends MemoryStore {
  searches = 0;
  override list(filter?: StoreListFilter) {
    if (filter?.searchBase !== undefined) this.searches += 1;
    return super.list(filter);
  }
}

describe('No-Vary-Search §7: a stored response answers equivalent URLs', () => {
  it('?q=shoes&utm_source=a, then ?utm_source=b&q=shoes: one origin request, the second a hit', async () => {
    origin.reply('/search', search(UTM));
    const cf = makeCachedFetch();
    const events: string[] = [];
    cf.cache.addEventListener('hit', (event) => events.push(`hit ${event.url}`));
    cf.cache.addEventListener('miss', (event) => events.push(`miss ${event.url}`));
    const first = await get(cf, '?q=shoes&utm_source=a');
    const second = await get(cf, '?utm_source=b&q=shoes');
    expect(second.body).toBe(first.body);
    expect(second.body).toBe('?q=shoes&utm_source=a #1 ');
    expect(first.cacheStatus).toContain('fwd=uri-miss');
    expect(second.cacheStatus).toMatch(/; hit/);
    expect(seen()).toEqual(['?q=shoes&utm_source=a']);
    // The event tells the URL asked for; the entry stays the one of its own URL.
    expect(events).toEqual([
      `miss ${ORIGIN}/search?q=shoes&utm_source=a`,
      `hit ${ORIGIN}/search?utm_source=b&q=shoes`,
    ]);
    expect((await cf.cache.entries()).map((e) => e.url)).toEqual([
      `${ORIGIN}/search?q=shoes&utm_source=a`,
    ]);
  });

  it.each([
    // [No-Vary-Search, stored query, requested query, reused]
    ['key-order', '?a=1&b=2', '?b=2&a=1', true],
    ['key-order', '?a=1&b=2', '?a=1&b=3', false],
    ['params=("utm_source")', '?q=shoes&utm_source=a', '?q=shoes', true],
    ['params=("utm_source")', '?q=shoes&page=1&utm_source=a', '?page=1&q=shoes', false],
    ['params', '?q=shoes', '?anything=else', true],
    ['params, except=("q")', '?q=shoes&page=1', '?page=2&q=shoes&ref=x', true],
    ['params, except=("q")', '?q=shoes&page=1', '?q=boots&page=1', false],
    ['params=("a+b")', '?x=1&a%20b=2', '?x=1&a+b=3', true],
    // The draft's examples of invalid fields: ignored, as if absent (§5.1).
    ['params=("a"), except=("x")', '?q=1&a=1', '?q=1&a=2', false],
    ['key-order="yes"', '?a=1&b=2', '?b=2&a=1', false],
    ['params=(not-a-string)', '?q=1&not-a-string=1', '?q=1', false],
    ['except=("x")', '?x=1&y=1', '?x=1&y=2', false],
    ['params=("utm_source"', '?q=shoes&utm_source=a', '?q=shoes', false],
    // Valid, and the default variance: the query must match as it is.
    ['params=?0', '?a=1&b=2', '?b=2&a=1', false],
  ])('No-Vary-Search: %s, %s then %s: reused %s', async (field, stored, requested, reused) => {
    origin.reply('/search', search(field));
    const cf = makeCachedFetch();
    await get(cf, stored);
    const second = await get(cf, requested);
    expect(second.body.startsWith(`${stored} #1`)).toBe(reused);
    expect(seen()).toEqual(reused ? [stored] : [stored, requested]);
  });

  it('an unparsable field stores nothing reusable for other URLs: both requests reach the origin', async () => {
    origin.reply('/search', search('params="utm_source"'));
    const cf = makeCachedFetch();
    await get(cf, '?q=shoes&utm_source=a');
    const second = await get(cf, '?utm_source=b&q=shoes');
    expect(second.cacheStatus).toContain('fwd=uri-miss');
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?utm_source=b&q=shoes']);
    // Each URL is a hit on its own entry.
    expect((await get(cf, '?q=shoes&utm_source=a')).cacheStatus).toMatch(/; hit/);
    expect(seen()).toHaveLength(2);
  });

  it('a response without the field, and a different path, are never candidates', async () => {
    origin.reply('/search', search(null));
    origin.reply('/search/other', { headers: { 'cache-control': 'max-age=600' }, body: 'o' });
    const cf = makeCachedFetch();
    await get(cf, '?a=1&b=2');
    await get(cf, '?b=2&a=1');
    expect(seen()).toEqual(['?a=1&b=2', '?b=2&a=1']);
  });

  it('the exact key answers first; the candidates are read only when it has nothing for the request', async () => {
    origin.reply('/search', search(UTM));
    const store = new CountingStore();
    const cf = makeCachedFetch({ store, memory: false });
    await get(cf, '?q=shoes&utm_source=a'); // a miss: one candidate query (none found)
    expect(store.searches).toBe(1);
    expect((await get(cf, '?q=shoes&utm_source=a')).cacheStatus).toMatch(/; hit/);
    expect((await get(cf, '?q=shoes&utm_source=a')).cacheStatus).toMatch(/; hit/);
    expect(store.searches).toBe(1); // hits on the exact key never ask
    await get(cf, '?utm_source=b&q=shoes');
    expect(store.searches).toBe(2);
    expect(seen()).toEqual(['?q=shoes&utm_source=a']);
  });

  it('on IndexedDB the candidates come with the lookup, in its transaction: no list of their own (issue 24)', async () => {
    origin.reply('/search', search(UTM));
    const name = uniqueName('nvs-lookup');
    let lists = 0;
    const store = new IndexedDBStore({ name });
    const list = store.list.bind(store);
    store.list = (filter?: StoreListFilter) => {
      if (filter?.searchBase !== undefined) lists += 1;
      return list(filter);
    };
    const cf = makeCachedFetch({ store, memory: false });
    await get(cf, '?q=shoes&utm_source=a'); // a miss, its candidates (none) read with the lookup
    const equivalent = await get(cf, '?utm_source=b&q=shoes');
    expect(equivalent.cacheStatus).toMatch(/; hit/);
    expect(equivalent.body).toContain('?q=shoes&utm_source=a #1');
    expect(lists).toBe(0);
    expect(seen()).toEqual(['?q=shoes&utm_source=a']);
    await cf.cache.close();
    await rawDelete(name);
  });

  it('among several equivalent responses, the most recent answers', async () => {
    origin.reply('/search', search('params=("v")'));
    const cf = makeCachedFetch();
    await get(cf, '?q=1&v=1');
    cf.clock.advance(1_000);
    // Another response for the same resource, under its own key (reload: not read from storage).
    await get(cf, '?q=1&v=2', { cache: 'reload' });
    cf.clock.advance(1_000);
    expect((await get(cf, '?q=1&v=3')).body).toBe('?q=1&v=2 #2 ');
    expect(seen()).toEqual(['?q=1&v=1', '?q=1&v=2']);
  });

  it('HEAD is answered from an equivalent stored GET', async () => {
    origin.reply('/search', search(UTM));
    const cf = makeCachedFetch();
    await get(cf, '?q=shoes&utm_source=a');
    const head = await cf(`${ORIGIN}/search?utm_source=z&q=shoes`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-status')).toMatch(/; hit/);
    expect(seen()).toEqual(['?q=shoes&utm_source=a']);
  });
});

describe('No-Vary-Search with Vary (RFC 9111 §4.1 still applies)', () => {
  it('an equivalent URL is reused only for a request its Vary matches', async () => {
    origin.reply('/search', search(UTM, { vary: 'accept-language' }));
    const cf = makeCachedFetch();
    const en = { headers: { 'accept-language': 'en' } };
    const fr = { headers: { 'accept-language': 'fr' } };
    await get(cf, '?q=shoes&utm_source=a', en);
    // Equivalent URL, other language: a vary-miss on the candidates, so the origin answers.
    const french = await get(cf, '?utm_source=b&q=shoes', fr);
    expect(french.body).toBe('?utm_source=b&q=shoes #2 fr');
    expect(french.cacheStatus).toContain('fwd=uri-miss');
    // A third URL: each language finds its own response among the equivalents.
    expect((await get(cf, '?q=shoes&utm_source=c', en)).body).toBe('?q=shoes&utm_source=a #1 en');
    expect((await get(cf, '?q=shoes&utm_source=c', fr)).body).toBe('?utm_source=b&q=shoes #2 fr');
    // The exact key holds only French: English finds the equivalent.
    expect((await get(cf, '?utm_source=b&q=shoes', en)).body).toBe('?q=shoes&utm_source=a #1 en');
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?utm_source=b&q=shoes']);
  });
});

describe('No-Vary-Search never crosses partitions (decision 0003)', () => {
  // IndexedDB's candidates come from its [searchBase, partition] index; memory's from its own scan.
  const stores = {
    memory: () => undefined,
    IndexedDB: () =>
      new IndexedDBStore({ name: `nvs-users-${Math.random().toString(36).slice(2)}` }),
  };
  it.each(Object.keys(stores) as (keyof typeof stores)[])(
    "%s: another user's equivalent URL goes to the origin with that user's credentials",
    async (backend) => {
      let user = 'alice';
      origin.reply('/search', (request) => ({
        headers: { 'cache-control': 'private, max-age=600', 'no-vary-search': 'params' },
        body: `results for ${request.headers.get('authorization')}`,
      }));
      const store = stores[backend]();
      const cf = makeCachedFetch({ partition: () => user, ...(store && { store }) });
      const as = (who: string) => ({ headers: { authorization: who } });
      expect((await get(cf, '?q=secret', as('alice'))).body).toBe('results for alice');
      // Bob asks for a URL Alice's response says it answers (params: every query): not his.
      user = 'bob';
      const bob = await get(cf, '?q=anything&utm_source=mail', as('bob'));
      expect(bob.body).toBe('results for bob');
      expect(bob.cacheStatus).toContain('fwd=uri-miss');
      // Each one's equivalents answer only them.
      expect((await get(cf, '?other', as('bob'))).body).toBe('results for bob');
      user = 'alice';
      expect((await get(cf, '?other', as('alice'))).body).toBe('results for alice');
      expect(origin.seen('/search').map((r) => r.headers.get('authorization'))).toEqual([
        'alice',
        'bob',
      ]);
      await cf.cache.close();
    },
  );
});

describe('No-Vary-Search and validation (RFC 9111 §4.3)', () => {
  it('a stale equivalent is revalidated with its validator; the 304 freshens that entry', async () => {
    origin.reply('/search', search(UTM, { 'cache-control': 'max-age=60' }));
    const cf = makeCachedFetch();
    await get(cf, '?q=shoes&utm_source=a');
    cf.clock.advance(120_000);
    const second = await get(cf, '?utm_source=b&q=shoes');
    expect(second.body).toBe('?q=shoes&utm_source=a #1 ');
    expect(second.cacheStatus).toContain('fwd-status=304');
    // Freshened in place (by id): still one entry, under its own URL; fresh for both URLs now.
    const entries = await cf.cache.entries();
    expect(entries.map((e) => e.url)).toEqual([`${ORIGIN}/search?q=shoes&utm_source=a`]);
    expect((await get(cf, '?utm_source=c&q=shoes')).cacheStatus).toMatch(/; hit/);
    expect((await get(cf, '?q=shoes&utm_source=a')).cacheStatus).toMatch(/; hit/);
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?utm_source=b&q=shoes conditional']);
  });

  it("a new 200 is stored under the request's own key, and answers the equivalents from then on", async () => {
    let etag = '"s1"';
    origin.reply('/search', (request) => {
      const headers = { 'cache-control': 'max-age=60', etag, 'no-vary-search': UTM };
      if (request.headers.get('if-none-match') === etag) return { status: 304, headers };
      return { headers, body: `${new URL(request.url).search} ${etag}` };
    });
    const cf = makeCachedFetch();
    await get(cf, '?q=shoes&utm_source=a');
    cf.clock.advance(120_000);
    etag = '"s2"';
    const changed = await get(cf, '?utm_source=b&q=shoes');
    expect(changed.body).toBe('?utm_source=b&q=shoes "s2"');
    expect((await cf.cache.entries()).map((e) => e.url).sort()).toEqual([
      `${ORIGIN}/search?q=shoes&utm_source=a`,
      `${ORIGIN}/search?utm_source=b&q=shoes`,
    ]);
    // The most recent equivalent answers a third URL.
    expect((await get(cf, '?q=shoes&utm_source=c')).body).toBe('?utm_source=b&q=shoes "s2"');
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?utm_source=b&q=shoes conditional']);
  });
});

describe('No-Vary-Search and Range (RFC 9110 §14.2)', () => {
  it('a Range request is answered from an equivalent complete 200', async () => {
    origin.reply('/search', () => ({
      headers: { 'cache-control': 'max-age=600', 'no-vary-search': UTM },
      body: 'abcdefghij',
    }));
    const cf = makeCachedFetch();
    await get(cf, '?q=shoes&utm_source=a');
    const ranged = await cf(`${ORIGIN}/search?utm_source=b&q=shoes`, {
      headers: { range: 'bytes=2-4' },
    });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('cde');
    expect(ranged.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(ranged.headers.get('cache-status')).toMatch(/; hit/);
    expect(seen()).toEqual(['?q=shoes&utm_source=a']);
  });
});

describe('No-Vary-Search and invalidation (RFC 9111 §4.4, cache.invalidate; decision 0025)', () => {
  it('invalidating one URL marks the equivalent entry: its next use is a 304', async () => {
    origin.reply('/search', search(UTM));
    const cf = makeCachedFetch();
    const invalidated: string[][] = [];
    cf.cache.addEventListener('invalidated', (event) => invalidated.push(event.urls));
    await get(cf, '?q=shoes&utm_source=a');
    expect(await cf.cache.invalidate({ url: `${ORIGIN}/search?utm_source=b&q=shoes` })).toBe(1);
    expect(invalidated.flat()).toContain(`${ORIGIN}/search?q=shoes&utm_source=a`);
    expect((await cf.cache.entries()).map((e) => e.invalidated)).toEqual([true]);
    const next = await get(cf, '?q=shoes&utm_source=a');
    expect(next.body).toBe('?q=shoes&utm_source=a #1 ');
    expect(next.cacheStatus).toContain('fwd-status=304');
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?q=shoes&utm_source=a conditional']);
  });

  it('an unsafe request to an equivalent URL (§4.4) marks it too, in every partition', async () => {
    let user = 'alice';
    origin.reply('/search', (request) =>
      request.method === 'POST' ? { status: 204 } : search(UTM)(request),
    );
    const cf = makeCachedFetch({ partition: () => user });
    await get(cf, '?q=shoes&utm_source=a');
    user = 'bob';
    await get(cf, '?q=shoes&utm_source=b');
    await (await cf(`${ORIGIN}/search?utm_source=c&q=shoes`, { method: 'POST' })).text();
    await cf.cache.settled();
    expect((await cf.cache.entries()).map((e) => e.invalidated)).toEqual([true, true]);
  });

  it('an entry that is not equivalent is left alone', async () => {
    origin.reply('/search', search(UTM));
    const cf = makeCachedFetch();
    await get(cf, '?q=shoes&utm_source=a');
    expect(await cf.cache.invalidate({ url: `${ORIGIN}/search?q=boots` })).toBe(0);
    expect((await get(cf, '?q=shoes&utm_source=a')).cacheStatus).toMatch(/; hit/);
  });
});

describe('No-Vary-Search on IndexedDB (the searchBase index)', () => {
  it('finds the equivalent entry after a reload (a new instance over the same database)', async () => {
    const name = `nvs-${Math.random().toString(36).slice(2)}`;
    origin.reply('/search', search(UTM));
    try {
      const first = makeCachedFetch({ store: new IndexedDBStore({ name }) });
      await get(first, '?q=shoes&utm_source=a');
      await first.cache.close();
      const reloaded = makeCachedFetch({ store: new IndexedDBStore({ name }) });
      const hit = await get(reloaded, '?utm_source=b&q=shoes');
      expect(hit.body).toBe('?q=shoes&utm_source=a #1 ');
      expect(hit.cacheStatus).toMatch(/; hit/);
      expect(await reloaded.cache.invalidate({ url: `${ORIGIN}/search?q=shoes` })).toBe(1);
      expect((await get(reloaded, '?q=shoes')).cacheStatus).toContain('fwd-status=304');
      await reloaded.cache.close();
      expect(seen()).toEqual(['?q=shoes&utm_source=a', '?q=shoes conditional']);
    } finally {
      await rawDelete(name);
    }
  });
});

describe('No-Vary-Search and entries of an unknown format (decision 0015)', () => {
  it('a candidate written by a later version is never used', async () => {
    origin.reply('/search', search(UTM));
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store });
    await get(cf, '?q=shoes&utm_source=a');
    const [stored] = await store.list();
    await store.put({ ...stored!, format: 99 }, new TextEncoder().encode('later').buffer);
    const second = await get(cf, '?utm_source=b&q=shoes');
    expect(second.body).toBe('?utm_source=b&q=shoes #2 ');
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?utm_source=b&q=shoes']);
  });
});

describe('No-Vary-Search on a store that does not know the searchBase filter', () => {
  it('the front checks what the store returns again (a store that over-returns)', async () => {
    class IgnoresFilters extends MemoryStore {
      override list(filter?: StoreListFilter) {
        return super.list(filter?.partition === undefined ? {} : { partition: filter.partition });
      }
    }
    const store: CacheStore = new IgnoresFilters();
    origin.reply('/search', search(UTM));
    origin.reply('/other', { headers: { 'cache-control': 'max-age=600' }, body: 'other' });
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/other?q=shoes`)).text();
    await get(cf, '?q=shoes&utm_source=a');
    expect((await get(cf, '?utm_source=b&q=shoes')).body).toBe('?q=shoes&utm_source=a #1 ');
    expect((await get(cf, '?q=boots')).cacheStatus).toContain('fwd=uri-miss');
    expect(seen()).toEqual(['?q=shoes&utm_source=a', '?q=boots']);
  });
});
