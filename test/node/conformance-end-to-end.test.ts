// Issue 13's rules end to end against the real node:http origin: what the origin saw.
import { describe, expect, it } from 'vitest';
import type { CachedFetch } from '../../src/index';
import { cachedFetchFor, fixedClock, origin } from './support';

async function read(cf: CachedFetch, url: string, init?: RequestInit) {
  const response = await cf(url, init);
  const body = await response.text();
  await cf.cache.settled();
  return { response, body };
}

describe('Fetch "HTTP-network-or-cache fetch" against a real origin', () => {
  it('cache: no-cache reaches the origin with Cache-Control: max-age=0 and our If-None-Match', async () => {
    const o = origin();
    const path = o.path('no-cache');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60', etag: '"v1"' },
      body: 'x',
      conditional: true,
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    await read(cf, o.url + path);
    const { response } = await read(cf, o.url + path, { cache: 'no-cache' });
    expect(response.status).toBe(200);
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['cache-control']).toBe('max-age=0');
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');
    await cf.cache.close();
  });

  it('cache: reload reaches the origin with Cache-Control and Pragma: no-cache', async () => {
    const o = origin();
    const path = o.path('reload');
    await o.script(path, { headers: { 'cache-control': 'max-age=60' }, body: 'x' });
    const cf = cachedFetchFor({ now: fixedClock().now });
    await read(cf, o.url + path, { cache: 'reload' });
    const [seen] = await o.log(path);
    expect(seen?.headers['cache-control']).toBe('no-cache');
    expect(seen?.headers.pragma).toBe('no-cache');
    await cf.cache.close();
  });
});

describe('RFC 8246 §2 immutable under cache: no-cache, against a real origin', () => {
  it('a fresh immutable response is not revalidated', async () => {
    const o = origin();
    const path = o.path('immutable');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600, immutable', etag: '"v1"' },
      body: 'asset',
      conditional: true,
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    await read(cf, o.url + path);
    const { body, response } = await read(cf, o.url + path, { cache: 'no-cache' });
    expect(body).toBe('asset');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=600');
    expect(await o.log(path)).toHaveLength(1);
    await cf.cache.close();
  });
});

describe('RFC 9111 §4.2 lower-case HTTP-dates from a real origin', () => {
  it('Expires in lower case gives the response its lifetime', async () => {
    const o = origin();
    const path = o.path('dates');
    const clock = fixedClock(Date.now() - 86_400_000);
    const expires = new Date(clock.now() + 86_400_000 + 3_600_000).toUTCString().toLowerCase();
    await o.script(path, { headers: { expires }, body: 'x' });
    const cf = cachedFetchFor({ now: clock.now });
    await read(cf, o.url + path);
    clock.advance(1000);
    const { response } = await read(cf, o.url + path);
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(await o.log(path)).toHaveLength(1);
    await cf.cache.close();
  });
});

describe('RFC 9111 §4.1 Vary: Accept-Language against a real origin', () => {
  it('equivalent values and a matching Content-Language reuse the stored variant', async () => {
    const o = origin();
    const path = o.path('lang');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60', vary: 'Accept-Language', 'content-language': 'fr' },
      body: 'bonjour',
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    await read(cf, o.url + path, { headers: { 'accept-language': 'fr, de;q=0.5' } });
    const same = await read(cf, o.url + path, { headers: { 'accept-language': 'FR,DE;q=0.50' } });
    const prefers = await read(cf, o.url + path, { headers: { 'accept-language': 'fr' } });
    expect([same.body, prefers.body]).toEqual(['bonjour', 'bonjour']);
    expect(await o.log(path)).toHaveLength(1);
    await read(cf, o.url + path, { headers: { 'accept-language': 'de' } });
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['accept-language']).toBe('de');
    await cf.cache.close();
  });
});

describe('RFC 9111 §5.2.2.3 must-understand against a real origin', () => {
  it('a 200 with no-store and must-understand is stored and reused', async () => {
    const o = origin();
    const path = o.path('must-understand');
    await o.script(path, {
      headers: { 'cache-control': 'no-store, must-understand, max-age=60' },
      body: 'x',
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    await read(cf, o.url + path);
    await read(cf, o.url + path);
    expect(await o.log(path)).toHaveLength(1);
    await cf.cache.close();
  });
});

describe('RFC 9110 §9.3.3 a POST response reused for a GET, against a real origin', () => {
  it('the GET after the POST never reaches the origin', async () => {
    const o = origin();
    const path = o.path('doc');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60', 'content-location': path },
      body: 'created',
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    const posted = await read(cf, o.url + path, { method: 'POST', body: 'new' });
    expect(posted.body).toBe('created');
    const got = await read(cf, o.url + path);
    expect(got.body).toBe('created');
    expect(got.response.headers.get('cache-status')).toContain('hit');
    expect((await o.log(path)).map((r) => r.method)).toEqual(['POST']);
    await cf.cache.close();
  });
});
