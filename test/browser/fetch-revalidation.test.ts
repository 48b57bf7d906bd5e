// Miss → hit → stale → conditional request → 304 → the stored body as a 200 with merged headers,
// in real Chromium against the page's own origin (RFC 9111 §4, §4.3.4).
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fetchAndStore,
  movableClock,
  nextEvent,
  openCachedFetch,
  recordEvents,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

describe('same-origin revalidation in real Chromium', () => {
  it('miss → hit → stale → If-None-Match → 304 → stored body as 200 with the 304 headers', async () => {
    const origin = sameOrigin();
    const path = origin.path('story');
    await origin.script(
      path,
      {
        headers: { 'cache-control': 'max-age=60', etag: '"v1"', 'x-version': 'first' },
        body: 'hello from the origin',
        conditional: true,
      },
      {
        headers: { 'cache-control': 'max-age=120', etag: '"v1"', 'x-version': 'second' },
        body: 'a different body: the 304 must not deliver it',
        conditional: true,
      },
    );
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('revalidation'), { now: clock.now });
    const url = new URL(path, location.href).href;

    // Miss: from the origin, stored.
    const miss = await fetchAndStore(cachedFetch, path);
    expect(miss.response.status).toBe(200);
    expect(miss.body).toBe('hello from the origin');
    expect(miss.response.headers.get('cache-status')).toMatch(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
    );
    expect(miss.response.url).toBe(url);
    expect(await origin.log(path)).toHaveLength(1);

    // Hit: from IndexedDB, the origin not contacted.
    clock.advance(10_000);
    const hit = await cachedFetch(path);
    expect(hit.status).toBe(200);
    expect(await hit.text()).toBe('hello from the origin');
    expect(hit.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=50');
    expect(hit.headers.get('age')).toBe('10');
    expect(hit.headers.get('x-version')).toBe('first');
    expect(hit.url).toBe(url);
    expect(await origin.log(path)).toHaveLength(1);

    // Stale: a conditional request, answered 304, turned into a 200 with the stored body.
    clock.advance(60_000);
    const revalidated = nextEvent(cachedFetch, 'revalidated');
    const stored = recordEvents(cachedFetch, 'stored');
    const third = await cachedFetch(path);
    expect(third.status).toBe(200);
    expect(third.ok).toBe(true);
    expect(await third.text()).toBe('hello from the origin');
    expect(third.headers.get('x-version')).toBe('second');
    expect(third.headers.get('cache-control')).toBe('max-age=120');
    expect(third.headers.get('etag')).toBe('"v1"');
    expect(third.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=304; ttl=120',
    );
    expect(third.url).toBe(url);
    expect(await revalidated).toEqual({ url, background: false });

    const log = await origin.log(path);
    expect(log).toHaveLength(2);
    expect(log[0]?.headers['if-none-match']).toBeUndefined();
    expect(log[1]?.method).toBe('GET');
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');

    // The freshened entry is a hit with the merged headers; its body was never rewritten.
    clock.advance(1000);
    const fourth = await cachedFetch(path);
    expect(await fourth.text()).toBe('hello from the origin');
    expect(fourth.headers.get('x-version')).toBe('second');
    expect(fourth.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=119');
    expect(fourth.headers.get('age')).toBe('1');
    expect(await origin.log(path)).toHaveLength(2);
    expect(stored).toEqual([]);
    expect((await cachedFetch.cache.stats()).entries).toBe(1);
  });

  it("passes the caller's own conditional request through: the raw 304 reaches that caller", async () => {
    const origin = sameOrigin();
    const path = origin.path('own-conditional');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=60', etag: '"v1"' },
      body: 'body',
      conditional: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('own-conditional'));
    await fetchAndStore(cachedFetch, path);

    const own = await cachedFetch(path, { headers: { 'if-none-match': '"v1"' } });
    expect(own.status).toBe(304);
    const log = await origin.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('a 200 to the revalidation replaces the stored body', async () => {
    const origin = sameOrigin();
    const path = origin.path('changed');
    await origin.script(
      path,
      { headers: { 'cache-control': 'max-age=60', etag: '"v1"' }, body: 'old', conditional: true },
      { headers: { 'cache-control': 'max-age=60', etag: '"v2"' }, body: 'new', conditional: true },
    );
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('changed'), { now: clock.now });
    await fetchAndStore(cachedFetch, path);

    clock.advance(61_000);
    const updated = nextEvent(cachedFetch, 'updated');
    const second = await fetchAndStore(cachedFetch, path);
    expect(second.response.status).toBe(200);
    expect(second.body).toBe('new');
    expect(second.response.headers.get('cache-status')).toMatch(
      /^cached-fetch; fwd=stale; fwd-status=200; stored; ttl=\d+$/,
    );
    expect((await updated).headers.get('etag')).toBe('"v2"');
    const log = await origin.log(path);
    expect(log.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);

    const third = await cachedFetch(path);
    expect(await third.text()).toBe('new');
    expect(third.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    expect(await origin.log(path)).toHaveLength(2);
  });
});
