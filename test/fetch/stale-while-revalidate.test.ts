// stale-while-revalidate (RFC 5861 §3, RFC 9111 §4.2.4), end to end on msw with a fixed clock.
import { describe, expect, it } from 'vitest';
import type { CacheEventMap, CacheEventType } from '../../src/index';
import { gate, makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/swr`;
const swr = 'max-age=10, stale-while-revalidate=30';

type CachedFetchUnderTest = ReturnType<typeof makeCachedFetch>;

function nextEvent<T extends CacheEventType>(
  cf: CachedFetchUnderTest,
  type: T,
): Promise<CacheEventMap[T]> {
  return new Promise((resolve) => {
    const listener = (event: CacheEventMap[T]) => {
      cf.cache.removeEventListener(type, listener);
      resolve(event);
    };
    cf.cache.addEventListener(type, listener);
  });
}

function recorded<T extends CacheEventType>(cf: CachedFetchUnderTest, type: T) {
  const events: Array<CacheEventMap[T]> = [];
  cf.cache.addEventListener(type, (event) => events.push(event));
  return events;
}

/**
 * The origin stores "v1" (ETag "v1", `cacheControl`); later requests get `later` (a reply, or a
 * function of the request). Returns a cached fetch with "v1" stored at t=0.
 */
async function primed(
  later: Reply | ((request: Request) => Reply | Promise<Reply>),
  cacheControl = swr,
) {
  origin.reply(
    '/swr',
    { headers: { 'cache-control': cacheControl, etag: '"v1"' }, body: 'v1' },
    later,
  );
  const cf = makeCachedFetch();
  await (await cf(url)).text();
  await cf.cache.settled();
  return cf;
}

const notModified: Reply = { status: 304, headers: { 'cache-control': swr, etag: '"v1"' } };
const changed: Reply = { headers: { 'cache-control': swr, etag: '"v2"' }, body: 'v2' };

describe('RFC 5861 §3 stale-while-revalidate: inside the window', () => {
  it('at exactly n seconds stale, returns the stale response at once (origin still pending)', async () => {
    const held = gate();
    const cf = await primed(async () => {
      await held.opened;
      return notModified;
    });
    const hits = recorded(cf, 'hit');
    cf.clock.advance(40_000); // 30 s stale: the last instant "up to" n = 30 allows
    const res = await cf(url);
    // The origin has not answered yet, and the caller already has the stored response.
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('age')).toBe('40');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; hit; ttl=-30; detail="stale-while-revalidate"',
    );
    expect(hits).toEqual([{ url, status: 200, ageSec: 40, stale: true }]);
    await origin.arrived('/swr', 2);
    const seen = origin.seen('/swr');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers.get('if-none-match')).toBe('"v1"');
    held.open();
    await cf.cache.settled();
  });

  it('sends exactly one background conditional request for stacked stale hits', async () => {
    const held = gate();
    const cf = await primed(async () => {
      await held.opened;
      return notModified;
    });
    cf.clock.advance(20_000);
    for (let i = 0; i < 4; i++) {
      const res = await cf(url);
      expect(await res.text()).toBe('v1');
      expect(res.headers.get('cache-status')).toContain('detail="stale-while-revalidate"');
    }
    await origin.arrived('/swr', 2);
    expect(origin.seen('/swr')).toHaveLength(2);
    const revalidated = nextEvent(cf, 'revalidated');
    held.open();
    await revalidated;
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('sends one background request per URL even for concurrent requests that are not coalesced', async () => {
    const held = gate();
    const cf = await primed(async () => {
      await held.opened;
      return notModified;
    });
    cf.clock.advance(20_000);
    // Distinct request headers keep these requests out of one flight; none is named by Vary.
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => cf(url, { headers: { 'x-request-id': String(n) } })),
    );
    for (const res of responses) {
      expect(await res.text()).toBe('v1');
      expect(res.headers.get('cache-status')).toContain('detail="stale-while-revalidate"');
    }
    await origin.arrived('/swr', 2);
    expect(origin.seen('/swr')).toHaveLength(2);
    held.open();
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('emits updated with background: true when the background request brings a new body and ETag', async () => {
    const cf = await primed(changed);
    const revalidated = recorded(cf, 'revalidated');
    const updated = nextEvent(cf, 'updated');
    cf.clock.advance(20_000);
    expect(await (await cf(url)).text()).toBe('v1');
    const event = await updated;
    expect(event).toMatchObject({ url, background: true });
    expect(event.headers.get('etag')).toBe('"v2"');
    await cf.cache.settled();
    expect(revalidated).toEqual([]);
    const next = await cf(url);
    expect(await next.text()).toBe('v2');
    expect(next.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=10');
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('emits revalidated with background: true and no updated event when a 304 confirms it', async () => {
    const cf = await primed(notModified);
    const updated = recorded(cf, 'updated');
    const revalidated = nextEvent(cf, 'revalidated');
    cf.clock.advance(20_000);
    expect(await (await cf(url)).text()).toBe('v1');
    expect(await revalidated).toEqual({ url, background: true });
    await cf.cache.settled();
    expect(updated).toEqual([]);
    // §4.3.4: the 304 freshened the entry: the next request is a fresh hit.
    const next = await cf(url);
    expect(await next.text()).toBe('v1');
    expect(next.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=10');
    expect(next.headers.get('age')).toBe('0');
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('emits no updated event when a 200 repeats the same ETag (nothing changed)', async () => {
    const cf = await primed({ headers: { 'cache-control': swr, etag: '"v1"' }, body: 'v1' });
    const updated = recorded(cf, 'updated');
    const stored = nextEvent(cf, 'stored');
    cf.clock.advance(20_000);
    await (await cf(url)).text();
    await stored;
    await cf.cache.settled();
    expect(updated).toEqual([]);
    expect((await cf(url)).headers.get('cache-status')).toBe('cached-fetch; hit; ttl=10');
  });

  it('reports a background network failure through the error event, never to the caller', async () => {
    const cf = await primed({ networkError: true });
    const errors = recorded(cf, 'error');
    const failed = nextEvent(cf, 'error');
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    const event = await failed;
    expect(event.error).toBeInstanceOf(TypeError);
    expect(event.url).toBe(url);
    await cf.cache.settled();
    expect(errors).toHaveLength(1);
    // The stale entry is kept, and the failed revalidation no longer blocks the next one.
    const again = await cf(url);
    expect(await again.text()).toBe('v1');
    expect(again.headers.get('cache-status')).toContain('detail="stale-while-revalidate"');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(3);
  });

  it('reports a background network failure even when stale-if-error also covers it (pitfall 6)', async () => {
    const cf = await primed({ networkError: true }, `${swr}, stale-if-error=300`);
    const errors = recorded(cf, 'error');
    cf.clock.advance(20_000);
    expect(await (await cf(url)).text()).toBe('v1');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(2);
    expect(errors).toEqual([expect.objectContaining({ url, error: expect.any(TypeError) })]);
  });

  it('a 5xx to the background request never reaches the caller and keeps the stored response', async () => {
    const cf = await primed({ status: 503, body: 'down' });
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    await cf.cache.settled();
    const again = await cf(url);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('v1');
    expect(again.headers.get('cache-status')).toContain('detail="stale-while-revalidate"');
  });

  it('after a background 5xx, the next stale hit revalidates again (one at a time, not never)', async () => {
    const cf = await primed({ status: 503, body: 'down' });
    cf.clock.advance(20_000);
    expect(await (await cf(url)).text()).toBe('v1');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(2);
    expect(await (await cf(url)).text()).toBe('v1');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(3);
  });

  it('after a background no-store 200, the stale response is gone: the next request asks the origin (decision 0019)', async () => {
    const cf = await primed({ headers: { 'cache-control': 'no-store' }, body: 'uncacheable' });
    cf.clock.advance(20_000);
    expect(await (await cf(url)).text()).toBe('v1');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(2);
    const next = await cf(url);
    expect(await next.text()).toBe('uncacheable');
    expect(next.headers.get('cache-status')).toContain('fwd=uri-miss');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(3);
  });

  it("the background revalidation outlives the caller's aborted signal", async () => {
    const held = gate();
    const cf = await primed(async () => {
      await held.opened;
      return changed;
    });
    const updated = nextEvent(cf, 'updated');
    cf.clock.advance(20_000);
    const controller = new AbortController();
    const res = await cf(url, { signal: controller.signal });
    expect(await res.text()).toBe('v1');
    controller.abort();
    held.open();
    expect(await updated).toMatchObject({ url, background: true });
    expect(await (await cf(url)).text()).toBe('v2');
  });
});

describe('RFC 5861 §3 stale-while-revalidate: outside the window', () => {
  it('one second past the window, revalidates in the foreground and returns the new response', async () => {
    const cf = await primed(changed);
    const updated = recorded(cf, 'updated');
    cf.clock.advance(41_000); // 31 s stale
    const res = await cf(url);
    expect(await res.text()).toBe('v2');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=200; stored; ttl=10',
    );
    expect(origin.seen('/swr')[1]?.headers.get('if-none-match')).toBe('"v1"');
    await cf.cache.settled();
    expect(updated).toEqual([expect.objectContaining({ url, background: false })]);
  });

  it('one second past the window, a 304 is awaited and answered with the stored body as 200', async () => {
    const cf = await primed(notModified);
    const revalidated = recorded(cf, 'revalidated');
    cf.clock.advance(41_000);
    const res = await cf(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=stale; fwd-status=304; ttl=10');
    expect(revalidated).toEqual([{ url, background: false }]);
  });
});

describe('RFC 9111 §4.2.4 directives that forbid serving stale also forbid stale-while-revalidate', () => {
  it('§5.2.2.2 must-revalidate: inside the window, the origin answers first', async () => {
    const cf = await primed(
      { headers: { 'cache-control': `${swr}, must-revalidate`, etag: '"v2"' }, body: 'v2' },
      `${swr}, must-revalidate`,
    );
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(await res.text()).toBe('v2');
    expect(res.headers.get('cache-status')).toContain('fwd=stale');
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('§5.2.2.4 response no-cache: even inside the window the origin answers first', async () => {
    const cf = await primed(
      { headers: { 'cache-control': `no-cache, ${swr}`, etag: '"v2"' }, body: 'v2' },
      `no-cache, ${swr}`,
    );
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(await res.text()).toBe('v2');
    expect(res.headers.get('cache-status')).not.toContain('stale-while-revalidate');
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('§5.2.1.4 request no-cache: inside the window the origin answers first', async () => {
    const cf = await primed(changed);
    cf.clock.advance(20_000);
    const res = await cf(url, { headers: { 'cache-control': 'no-cache' } });
    expect(await res.text()).toBe('v2');
    expect(origin.seen('/swr')).toHaveLength(2);
  });

  it('§5.2.1.1 request max-age (refusing stale): inside the window the origin answers first', async () => {
    const cf = await primed(changed);
    cf.clock.advance(20_000);
    const res = await cf(url, { headers: { 'cache-control': 'max-age=15' } });
    expect(await res.text()).toBe('v2');
    expect(origin.seen('/swr')).toHaveLength(2);
  });
});
