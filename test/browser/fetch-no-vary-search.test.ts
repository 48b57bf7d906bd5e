// No-Vary-Search in each engine, on real IndexedDB (schema v8, the `searchBase` index; issue 23
// item 4, decision 0025): a response stored for one URL answers an equivalent one after a reopen,
// without a request (draft-ietf-httpbis-no-vary-search §7); invalidating a third equivalent URL
// marks it, and its next use is a conditional request answered by a 304.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fetchAndStore, openCachedFetch, sameOrigin, uniqueDbName } from './fetch-support';

afterEach(cleanup);

describe('No-Vary-Search on real IndexedDB', () => {
  it('§7: an equivalent URL is a hit after a reopen; invalidating one URL revalidates it with a 304', async () => {
    const origin = sameOrigin();
    const path = origin.path('search');
    await origin.script(path, {
      headers: {
        'cache-control': 'max-age=600',
        etag: '"s1"',
        'no-vary-search': 'params=("utm_source"), key-order',
      },
      body: 'shoes',
      conditional: true,
    });
    const name = uniqueDbName('nvs');
    const first = openCachedFetch(name);
    await fetchAndStore(first, `${path}?q=shoes&utm_source=a`);
    await first.cache.close();

    const reopened = openCachedFetch(name);
    const hit = await reopened(`${path}?utm_source=b&q=shoes`);
    expect(await hit.text()).toBe('shoes');
    expect(hit.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(await reopened.cache.invalidate({ url: `${location.origin}${path}?q=shoes` })).toBe(1);
    const validated = await reopened(`${path}?utm_source=c&q=shoes`);
    expect(await validated.text()).toBe('shoes');
    expect(validated.headers.get('cache-status')).toContain('fwd-status=304');
    await reopened.cache.settled();

    expect(await origin.log(`${path}?q=shoes&utm_source=a`)).toHaveLength(1);
    expect(await origin.log(`${path}?utm_source=b&q=shoes`)).toHaveLength(0);
    const conditional = await origin.log(`${path}?utm_source=c&q=shoes`);
    expect(conditional.map((seen) => seen.headers['if-none-match'])).toEqual(['"s1"']);
  });
});
