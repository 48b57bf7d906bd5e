// Cross-origin in real Chromium (the test origin on 127.0.0.1): no validator that would add a
// preflight unless the user opted in or the request needs one anyway; no reuse across a hidden Vary
// (docs/decisions/0001-cross-origin.md, http-caching.md "Browser facts").
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  crossOrigin,
  fetchAndStore,
  gets,
  methods,
  movableClock,
  openCachedFetch,
  uniqueDbName,
} from './fetch-support';

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

const lastModified = 'Mon, 02 Nov 2026 10:00:00 GMT';

describe('cross-origin, headers not exposed', () => {
  it('a stale entry is refetched whole: no validators, no preflight, one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const origin = crossOrigin();
    const path = origin.path('hidden');
    // ETag is hidden from the page, but Last-Modified is a safelisted response header: the cache
    // could send If-Modified-Since, and must not (it would cost a preflight).
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=60', etag: '"h1"', 'last-modified': lastModified },
      body: 'cross-origin body',
      conditional: true,
    });
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('cors-hidden'), {
      now: clock.now,
      warnings: true,
    });
    const url = origin.url + path;

    const first = await fetchAndStore(cachedFetch, url);
    expect(first.response.type).toBe('cors');
    expect(first.response.headers.get('etag')).toBeNull();
    expect(first.response.headers.get('last-modified')).toBe(lastModified);

    clock.advance(61_000);
    const second = await fetchAndStore(cachedFetch, url);
    expect(second.response.status).toBe(200);
    expect(second.body).toBe('cross-origin body');
    expect(second.response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=200; stored; ttl=60',
    );

    // (Chromium itself puts `Cache-Control: no-cache` and `Pragma: no-cache` on the wire for a
    // `cache: 'no-store'` fetch; being the browser's, they cost no preflight.)
    const log = await origin.log(path);
    expect(methods(log)).toEqual(['GET', 'GET']);
    for (const request of log) {
      expect(request.headers['if-none-match']).toBeUndefined();
      expect(request.headers['if-modified-since']).toBeUndefined();
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('Access-Control-Expose-Headers');
  });

  it('a response whose Vary is hidden is not reused for other request header values', async () => {
    const origin = crossOrigin();
    const path = origin.path('hidden-vary');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', vary: 'accept-language' },
      body: 'negotiated',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('cors-vary'));
    const url = origin.url + path;

    const english = await fetchAndStore(cachedFetch, url, { headers: { 'accept-language': 'en' } });
    expect(english.response.headers.get('vary')).toBeNull();

    const french = await cachedFetch(url, { headers: { 'accept-language': 'fr' } });
    await french.text();
    expect(french.headers.get('cache-status')).toMatch(/^cached-fetch; fwd=vary-miss; /);
    expect(gets(await origin.log(path))).toHaveLength(2);

    // The same header value is reused: the miss above is about the header, not about storing.
    const again = await cachedFetch(url, { headers: { 'accept-language': 'en' } });
    expect(await again.text()).toBe('negotiated');
    expect(again.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    const log = await origin.log(path);
    expect(log.map((r) => r.headers['accept-language'])).toEqual(['en', 'fr']);
    expect(methods(log)).toEqual(['GET', 'GET']);
  });

  it('a response fetched without request headers, whose Vary is hidden, is not reused for a request that adds one', async () => {
    const origin = crossOrigin();
    const path = origin.path('hidden-vary-added');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', vary: 'accept-language' },
      body: 'negotiated for the default language',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('cors-vary-added'));
    const url = origin.url + path;

    await fetchAndStore(cachedFetch, url);
    const french = await cachedFetch(url, { headers: { 'accept-language': 'fr' } });
    await french.text();
    // The origin varies on Accept-Language, and the page cannot know it: `fr` must reach it.
    expect(french.headers.get('cache-status')).toMatch(/^cached-fetch; fwd=vary-miss; /);
    expect(gets(await origin.log(path))).toHaveLength(2);
  });
});

describe('cross-origin, headers exposed', () => {
  const exposed = {
    'cache-control': 'max-age=60',
    etag: '"e1"',
    'access-control-expose-headers': 'ETag, Date, Vary',
  };

  it('with revalidateCrossOrigin, revalidation is preflighted, sends If-None-Match, and its 304 becomes a 200', async () => {
    const origin = crossOrigin();
    const path = origin.path('exposed');
    await origin.script(
      path,
      { headers: { ...exposed, 'x-version': 'first' }, body: 'exposed body', conditional: true },
      {
        headers: { ...exposed, 'cache-control': 'max-age=90', 'x-version': 'second' },
        body: 'not sent with a 304',
        conditional: true,
      },
    );
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('cors-exposed'), {
      now: clock.now,
      revalidateCrossOrigin: [origin.url],
    });
    const url = origin.url + path;

    const first = await fetchAndStore(cachedFetch, url);
    expect(first.response.headers.get('etag')).toBe('"e1"');
    expect(methods(await origin.log(path))).toEqual(['GET']);

    clock.advance(61_000);
    const second = await cachedFetch(url);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('exposed body');
    // x-version was not exposed: the 304's readable headers were merged (ETag, Cache-Control).
    expect(second.headers.get('cache-control')).toBe('max-age=90');
    expect(second.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=304; ttl=90',
    );
    expect(second.url).toBe(url);

    const log = await origin.log(path);
    expect(methods(log)).toEqual(['GET', 'OPTIONS', 'GET']);
    expect(log[1]?.headers['access-control-request-method']).toBe('GET');
    expect(log[1]?.headers['access-control-request-headers']).toContain('if-none-match');
    expect(log[2]?.headers['if-none-match']).toBe('"e1"');

    // Freshened: a hit now.
    clock.advance(1000);
    const third = await cachedFetch(url);
    expect(await third.text()).toBe('exposed body');
    expect(third.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=89');
    expect(await origin.log(path)).toHaveLength(3);
  });

  it('without the opt-in, exposed validators are still not sent (no preflight added)', async () => {
    const origin = crossOrigin();
    const path = origin.path('exposed-no-opt-in');
    await origin.script(path, { headers: exposed, body: 'exposed body', conditional: true });
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('cors-no-opt-in'), { now: clock.now });
    const url = origin.url + path;

    await fetchAndStore(cachedFetch, url);
    clock.advance(61_000);
    const second = await cachedFetch(url);
    expect(await second.text()).toBe('exposed body');
    expect(second.headers.get('cache-status')).toMatch(
      /^cached-fetch; fwd=stale; fwd-status=200; /,
    );
    const log = await origin.log(path);
    expect(methods(log)).toEqual(['GET', 'GET']);
    expect(log[1]?.headers['if-none-match']).toBeUndefined();
  });

  it('a request that is preflighted anyway (custom header) gets If-None-Match without the opt-in', async () => {
    const origin = crossOrigin();
    const path = origin.path('preflighted-anyway');
    await origin.script(path, {
      headers: { ...exposed, 'access-control-expose-headers': 'ETag, Date, Vary' },
      body: 'api body',
      conditional: true,
    });
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('cors-preflighted'), { now: clock.now });
    const url = origin.url + path;
    const init = { headers: { 'x-api-key': 'k1' } };

    await fetchAndStore(cachedFetch, url, init);
    clock.advance(61_000);
    const second = await cachedFetch(url, init);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('api body');
    expect(second.headers.get('cache-status')).toMatch(
      /^cached-fetch; fwd=stale; fwd-status=304; /,
    );
    const log = await origin.log(path);
    expect(methods(log)).toEqual(['OPTIONS', 'GET', 'OPTIONS', 'GET']);
    expect(log[0]?.headers['access-control-request-headers']).toBe('x-api-key');
    expect(log[3]?.headers['if-none-match']).toBe('"e1"');
    expect(log[3]?.headers['x-api-key']).toBe('k1');
  });
});
