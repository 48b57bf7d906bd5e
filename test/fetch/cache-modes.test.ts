// RequestInit.cache modes (Fetch) and request Cache-Control / Pragma (RFC 9111 §5.2.1), end to end on msw.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/mode`;

/** Stores one response with max-age=60 and ETag "v1" (the origin answers 304 to If-None-Match). */
async function primed(options: Parameters<typeof makeCachedFetch>[0] = {}) {
  origin.reply(
    '/mode',
    (request): Reply =>
      request.headers.get('if-none-match') === '"v1"'
        ? { status: 304, headers: { etag: '"v1"', 'cache-control': 'max-age=60' } }
        : { headers: { etag: '"v1"', 'cache-control': 'max-age=60' }, body: 'stored' },
  );
  const cf = makeCachedFetch(options);
  await (await cf(url)).text();
  await cf.cache.settled();
  return cf;
}

describe('Fetch RequestInit.cache modes', () => {
  it('default: a fresh stored response is used without the network', async () => {
    const cf = await primed();
    const res = await cf(url, { cache: 'default' });
    expect(res.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/mode')).toHaveLength(1);
  });

  it('no-store: bypasses the cache entirely (neither read nor written)', async () => {
    const cf = await primed();
    const res = await cf(url, { cache: 'no-store' });
    expect(await res.text()).toBe('stored');
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=bypass; fwd-status=200');
    expect(origin.seen('/mode')).toHaveLength(2);
    expect(origin.seen('/mode')[1]?.headers.get('if-none-match')).toBeNull();
  });

  it('reload: does not read the cache, goes to the network without validators, stores the result', async () => {
    const cf = await primed();
    const res = await cf(url, { cache: 'reload' });
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=request; fwd-status=200; stored; ttl=60',
    );
    expect(origin.seen('/mode')[1]?.headers.get('if-none-match')).toBeNull();
    await res.text();
    await cf.cache.settled();
    expect((await cf(url)).headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/mode')).toHaveLength(2);
  });

  it('no-cache: revalidates even a fresh stored response, and serves the stored body on 304', async () => {
    const cf = await primed();
    const res = await cf(url, { cache: 'no-cache' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('stored');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=request; fwd-status=304; ttl=60',
    );
    expect(origin.seen('/mode')[1]?.headers.get('if-none-match')).toBe('"v1"');
  });

  it('force-cache: uses a stored response however stale, without the network', async () => {
    const cf = await primed();
    cf.clock.advance(3_600_000);
    const res = await cf(url, { cache: 'force-cache' });
    expect(await res.text()).toBe('stored');
    expect(res.headers.get('age')).toBe('3600');
    expect(origin.seen('/mode')).toHaveLength(1);
  });

  it('force-cache: with nothing stored, goes to the network and stores', async () => {
    origin.reply('/fc', { headers: { 'cache-control': 'max-age=60' }, body: 'new' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/fc`, { cache: 'force-cache' })).text();
    await cf.cache.settled();
    expect((await cf(`${ORIGIN}/fc`)).headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/fc')).toHaveLength(1);
  });

  it('only-if-cached: uses any stored response; with nothing stored fails as fetch does (TypeError), cross-origin too', async () => {
    const cf = await primed();
    cf.clock.advance(3_600_000);
    expect(await (await cf(url, { cache: 'only-if-cached' })).text()).toBe('stored');
    await expect(
      cf(`${ORIGIN}/never`, { cache: 'only-if-cached', mode: 'cors' }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(origin.seen('/never')).toHaveLength(0);
    expect(origin.seen('/mode')).toHaveLength(1);
  });
});

describe('RFC 9111 §5.2.1 request directives', () => {
  it('§5.2.1.4 no-cache: revalidates a fresh response', async () => {
    const cf = await primed();
    await cf(url, { headers: { 'cache-control': 'no-cache' } });
    expect(origin.seen('/mode')[1]?.headers.get('if-none-match')).toBe('"v1"');
  });

  it('§5.2.1.4 Pragma: no-cache counts as no-cache when there is no Cache-Control', async () => {
    const cf = await primed();
    await cf(url, { headers: { pragma: 'no-cache' } });
    expect(origin.seen('/mode')).toHaveLength(2);
  });

  it('§5.2.1.1 max-age: a response older than the request max-age is revalidated', async () => {
    const cf = await primed();
    cf.clock.advance(20_000);
    expect(
      (await cf(url, { headers: { 'cache-control': 'max-age=30' } })).headers.get('cache-status'),
    ).toContain('hit');
    expect(origin.seen('/mode')).toHaveLength(1);
    await cf(url, { headers: { 'cache-control': 'max-age=10' } });
    expect(origin.seen('/mode')).toHaveLength(2);
  });

  it('§5.2.1.3 min-fresh: a response fresh for less than min-fresh is revalidated', async () => {
    const cf = await primed();
    cf.clock.advance(50_000);
    await cf(url, { headers: { 'cache-control': 'min-fresh=20' } });
    expect(origin.seen('/mode')).toHaveLength(2);
  });

  it('§5.2.1.2 max-stale: a stale response within max-stale is served without the network', async () => {
    const cf = await primed();
    cf.clock.advance(70_000);
    const res = await cf(url, { headers: { 'cache-control': 'max-stale=30' } });
    expect(await res.text()).toBe('stored');
    expect(res.headers.get('age')).toBe('70');
    expect(origin.seen('/mode')).toHaveLength(1);
  });

  it('§5.2.1.5 no-store: the response is not stored', async () => {
    origin.reply('/ns', { headers: { 'cache-control': 'max-age=60' }, body: 'x' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/ns`, { headers: { 'cache-control': 'no-store' } })).text();
    await cf.cache.settled();
    await cf(`${ORIGIN}/ns`);
    expect(origin.seen('/ns')).toHaveLength(2);
  });

  it('§5.2.1.7 only-if-cached: answers 504 when nothing is stored, without the network', async () => {
    const cf = makeCachedFetch();
    const res = await cf(`${ORIGIN}/none`, { headers: { 'cache-control': 'only-if-cached' } });
    expect(res.status).toBe(504);
    expect(origin.seen('/none')).toHaveLength(0);
  });
});
