// No-Vary-Search end to end against a real node:http origin (draft-ietf-httpbis-no-vary-search §7;
// issue 23 item 4, decision 0025): what the origin saw for each URL (requests, validators) when a
// stored response answers equivalent URLs, is revalidated or invalidated through one of them,
// answers a Range, and stays in its user's partition.
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

const UTM = 'params=("utm_source"), key-order';

describe('No-Vary-Search against a node:http origin', () => {
  it('§7: ?q=shoes&utm_source=a then ?utm_source=b&q=shoes is one origin request', async () => {
    const o = origin();
    const path = o.path('search');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600', 'no-vary-search': UTM },
      body: 'shoes',
    });
    const cf = cachedFetchFor();
    const first = await cf(`${o.url}${path}?q=shoes&utm_source=a`);
    expect(await first.text()).toBe('shoes');
    await cf.cache.settled();
    const second = await cf(`${o.url}${path}?utm_source=b&q=shoes`);
    expect(await second.text()).toBe('shoes');
    expect(second.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(await o.log(`${path}?q=shoes&utm_source=a`)).toHaveLength(1);
    expect(await o.log(`${path}?utm_source=b&q=shoes`)).toHaveLength(0);
    await cf.cache.close();
  });

  it('§5.1: an unparsable field is ignored: each URL goes to the origin', async () => {
    const o = origin();
    const path = o.path('search');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600', 'no-vary-search': 'params=utm_source' },
      body: 'shoes',
    });
    const cf = cachedFetchFor();
    for (const query of ['?q=shoes&utm_source=a', '?utm_source=b&q=shoes']) {
      await (await cf(`${o.url}${path}${query}`)).text();
      await cf.cache.settled();
    }
    expect(await o.log(`${path}?q=shoes&utm_source=a`)).toHaveLength(1);
    expect(await o.log(`${path}?utm_source=b&q=shoes`)).toHaveLength(1);
    await cf.cache.close();
  });

  it('a stale equivalent is validated with its ETag from the other URL; the 304 lets it answer', async () => {
    const o = origin();
    const path = o.path('search');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60', etag: '"s1"', 'no-vary-search': UTM },
      body: 'shoes v1',
      conditional: true,
    });
    const clock = fixedClock();
    const cf = cachedFetchFor({ now: clock.now });
    await (await cf(`${o.url}${path}?q=shoes&utm_source=a`)).text();
    await cf.cache.settled();
    clock.advance(120_000);
    const validated = await cf(`${o.url}${path}?utm_source=b&q=shoes`);
    expect(await validated.text()).toBe('shoes v1');
    expect(validated.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=304; ttl=60',
    );
    await cf.cache.settled();
    const seen = await o.log(`${path}?utm_source=b&q=shoes`);
    expect(seen.map((r) => r.headers['if-none-match'])).toEqual(['"s1"']);
    // Freshened in place: the first URL is a hit again, with no request.
    const again = await cf(`${o.url}${path}?q=shoes&utm_source=a`);
    expect(again.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(await o.log(`${path}?q=shoes&utm_source=a`)).toHaveLength(1);
    await cf.cache.close();
  });

  it('a Range request is answered from an equivalent complete 200', async () => {
    const o = origin();
    const path = o.path('video');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600', 'no-vary-search': 'params=("t")' },
      body: 'abcdefghij',
      ranges: true,
    });
    const cf = cachedFetchFor();
    await (await cf(`${o.url}${path}?id=1&t=0`)).text();
    await cf.cache.settled();
    const ranged = await cf(`${o.url}${path}?id=1&t=30`, { headers: { range: 'bytes=5-' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('fghij');
    expect(ranged.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(await o.log(`${path}?id=1&t=30`)).toHaveLength(0);
    await cf.cache.close();
  });

  it('invalidating one URL marks the equivalent entry: its next use is a 304', async () => {
    const o = origin();
    const path = o.path('search');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"s1"', 'no-vary-search': UTM },
      body: 'shoes',
      conditional: true,
    });
    const cf = cachedFetchFor();
    await (await cf(`${o.url}${path}?q=shoes&utm_source=a`)).text();
    await cf.cache.settled();
    expect(await cf.cache.invalidate({ url: `${o.url}${path}?q=shoes` })).toBe(1);
    const next = await cf(`${o.url}${path}?q=shoes&utm_source=a`);
    expect(await next.text()).toBe('shoes');
    expect(next.headers.get('cache-status')).toContain('fwd-status=304');
    const seen = await o.log(`${path}?q=shoes&utm_source=a`);
    expect(seen.map((r) => r.headers['if-none-match'] ?? null)).toEqual([null, '"s1"']);
    await cf.cache.close();
  });

  it('never across partitions: two users, each answered by the origin for their own request', async () => {
    const o = origin();
    const path = o.path('inbox');
    await o.script(path, {
      headers: { 'cache-control': 'private, max-age=600', 'no-vary-search': 'params' },
      body: 'private mail',
    });
    let user = 'alice';
    const cf = cachedFetchFor({ partition: () => user });
    await (await cf(`${o.url}${path}?folder=inbox`, { headers: { authorization: 'a' } })).text();
    await cf.cache.settled();
    user = 'bob';
    const bob = await cf(`${o.url}${path}?folder=inbox&x=1`, { headers: { authorization: 'b' } });
    await bob.text();
    expect(bob.headers.get('cache-status')).toContain('fwd=uri-miss');
    const seen = await o.log(`${path}?folder=inbox&x=1`);
    expect(seen.map((r) => r.headers.authorization)).toEqual(['b']);
    await cf.cache.close();
  });
});
