// Issue 13's rules in a real browser against the page's own origin: what the origin saw.
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  crossOrigin,
  fetchAndStore,
  gets,
  movableClock,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

describe('Fetch "HTTP-network-or-cache fetch" in a real browser', () => {
  it('cache: no-cache revalidates with Cache-Control: max-age=0', async () => {
    const origin = sameOrigin();
    const path = origin.path('no-cache');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=60', etag: '"v1"' },
      body: 'x',
      conditional: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('no-cache'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path);
    const response = await cachedFetch(path, { cache: 'no-cache' });
    expect(await response.text()).toBe('x');
    const log = gets(await origin.log(path));
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['cache-control']).toBe('max-age=0');
    // The engine adds Pragma to every cache: 'no-store' request (Fetch, HTTP-network-or-cache fetch).
    expect(log[1]?.headers.pragma).toBe('no-cache');
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('cache: reload reaches the origin with Cache-Control and Pragma: no-cache', async () => {
    const origin = sameOrigin();
    const path = origin.path('reload');
    await origin.script(path, { headers: { 'cache-control': 'max-age=60' }, body: 'x' });
    const cachedFetch = openCachedFetch(uniqueDbName('reload'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path, { cache: 'reload' });
    const [seen] = gets(await origin.log(path));
    expect(seen?.headers['cache-control']).toBe('no-cache');
    expect(seen?.headers.pragma).toBe('no-cache');
  });
});

describe('RFC 9111 §5.2.1.2 shared caches on the way are not told to step aside (decision 0013)', () => {
  it('same-origin, default mode: a miss and a revalidation carry Cache-Control: max-stale=0, not the engine’s no-cache', async () => {
    const origin = sameOrigin();
    const path = origin.path('citizen');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=0', etag: '"c1"' },
      body: 'x',
      conditional: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('citizen'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path);
    expect(await (await cachedFetch(path)).text()).toBe('x');
    const log = gets(await origin.log(path));
    expect(log.map((r) => r.headers['cache-control'])).toEqual(['max-stale=0', 'max-stale=0']);
    expect(log[1]?.headers['if-none-match']).toBe('"c1"');
    // Every engine still adds Pragma: no-cache for cache: 'no-store'; with a Cache-Control present
    // a cache ignores Pragma (RFC 9111 §5.4).
    expect(log.map((r) => r.headers.pragma)).toEqual(['no-cache', 'no-cache']);
  });

  it('cross-origin, a simple GET: no preflight is added, so the engine’s own no-cache stays', async () => {
    const origin = crossOrigin();
    const path = origin.path('citizen-cors');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=60', 'access-control-allow-origin': '*' },
      body: 'x',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('citizen-cors'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, origin.url + path);
    const log = await origin.log(path);
    expect(log.map((r) => r.method)).toEqual(['GET']);
    expect(log[0]?.headers['cache-control']).toBe('no-cache');
    expect(log[0]?.headers.pragma).toBe('no-cache');
  });
});

describe('RFC 8246 §2 immutable under cache: no-cache in a real browser', () => {
  it('a fresh immutable response is served from IndexedDB without revalidation', async () => {
    const origin = sameOrigin();
    const path = origin.path('immutable');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600, immutable', etag: '"v1"' },
      body: 'asset',
      conditional: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('immutable'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path);
    const response = await cachedFetch(path, { cache: 'no-cache' });
    expect(await response.text()).toBe('asset');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=600');
    expect(gets(await origin.log(path))).toHaveLength(1);
  });
});

describe('RFC 9111 §4.2, §4.1, §5.2.2.3 in a real browser', () => {
  it('a lower-case Expires gives the response its lifetime', async () => {
    const origin = sameOrigin();
    const path = origin.path('dates');
    const expires = new Date(Date.now() + 3_600_000).toUTCString().toLowerCase();
    await origin.script(path, { headers: { expires }, body: 'x' });
    const cachedFetch = openCachedFetch(uniqueDbName('dates'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path);
    const response = await cachedFetch(path);
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(gets(await origin.log(path))).toHaveLength(1);
  });

  it('Vary: Accept-Language: equivalent values and the preferred Content-Language reuse the variant', async () => {
    const origin = sameOrigin();
    const path = origin.path('lang');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=60', vary: 'Accept-Language', 'content-language': 'fr' },
      body: 'bonjour',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('lang'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path, { headers: { 'accept-language': 'fr, de;q=0.5' } });
    for (const value of ['FR,DE;q=0.50', 'fr']) {
      const response = await cachedFetch(path, { headers: { 'accept-language': value } });
      expect(await response.text()).toBe('bonjour');
      expect(response.headers.get('cache-status')).toContain('hit');
    }
    expect(gets(await origin.log(path))).toHaveLength(1);
  });

  it('must-understand: a 200 with no-store is stored and reused', async () => {
    const origin = sameOrigin();
    const path = origin.path('must-understand');
    await origin.script(path, {
      headers: { 'cache-control': 'no-store, must-understand, max-age=60' },
      body: 'x',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('mu'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path);
    const response = await cachedFetch(path);
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(gets(await origin.log(path))).toHaveLength(1);
  });
});

describe('RFC 9110 §9.3.3 a POST response reused for a GET, in a real browser', () => {
  it('the GET after the POST is served from IndexedDB', async () => {
    const origin = sameOrigin();
    const path = origin.path('doc');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=60', 'content-location': path },
      body: 'created',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('post'), { now: movableClock().now });
    await fetchAndStore(cachedFetch, path, { method: 'POST', body: 'new' });
    await cachedFetch.cache.settled();
    const response = await cachedFetch(path);
    expect(await response.text()).toBe('created');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect((await origin.log(path)).map((r) => r.method)).toEqual(['POST']);
  });
});
