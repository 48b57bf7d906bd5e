// RFC 9211 §2: Cache-Status is a List, one member per cache, ordered from the cache closest to the
// origin to the cache closest to the user. We are closest to the user: our member comes last, and
// what caches on the way (a CDN) said is kept before it.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const upstream = 'ExampleCDN; fwd=uri-miss; stored';

describe('RFC 9211 §2 our Cache-Status member is appended to the list', () => {
  it('a response from the network keeps the CDN member first, ours last', async () => {
    origin.reply('/cdn', {
      headers: { 'cache-control': 'max-age=60', 'cache-status': upstream },
      body: 'x',
    });
    const cf = makeCachedFetch();
    const res = await cf(`${ORIGIN}/cdn`);
    expect(res.headers.get('cache-status')).toBe(
      `${upstream}, cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60`,
    );
    expect(await res.text()).toBe('x');
  });

  it('a response the cache only passed along (a bypassed method) keeps the CDN member too', async () => {
    origin.reply('/cdn-post', { headers: { 'cache-status': upstream }, body: 'p' });
    const cf = makeCachedFetch();
    const res = await cf(`${ORIGIN}/cdn-post`, { method: 'POST', body: 'b' });
    expect(res.headers.get('cache-status')).toBe(
      `${upstream}, cached-fetch; fwd=method; fwd-status=200`,
    );
  });

  it('a hit served from storage keeps the stored CDN member before ours', async () => {
    origin.reply('/cdn-hit', {
      headers: { 'cache-control': 'max-age=60', 'cache-status': upstream },
      body: 'h',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/cdn-hit`)).text();
    await cf.cache.settled();
    const hit = await cf(`${ORIGIN}/cdn-hit`);
    expect(hit.headers.get('cache-status')).toBe(`${upstream}, cached-fetch; hit; ttl=60`);
    expect(origin.seen('/cdn-hit')).toHaveLength(1);
  });
});
