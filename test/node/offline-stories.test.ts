// Offline that really works, against a real node:http origin: a gateway's 502/503/504 counts as
// unreachable for `offline: 'stale'`, and `networkTimeout` answers a hanging revalidation from storage.
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

describe('offline stories against a node:http origin', () => {
  it.each([502, 503, 504])(
    "offline: 'stale' answers a gateway %i with the stored response, RFC 9111 §4.2.4",
    async (status) => {
      const o = origin();
      const path = o.path(`gateway-${status}`);
      await o.script(
        path,
        { headers: { 'cache-control': 'max-age=10', etag: '"v1"' }, body: 'orders' },
        { status, body: 'Bad Gateway from the dev proxy' },
      );
      const clock = fixedClock();
      const cf = cachedFetchFor({ offline: 'stale', now: clock.now });
      await (await cf(o.url + path)).text();
      await cf.cache.settled();
      clock.advance(60_000);
      const res = await cf(o.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('orders');
      expect(res.headers.get('cache-status')).toBe(
        `cached-fetch; fwd=stale; fwd-status=${status}; ttl=-50; detail="offline"`,
      );
      const log = await o.log(path);
      expect(log).toHaveLength(2);
      expect(log[1]!.headers['if-none-match']).toBe('"v1"');
      await cf.cache.close();
    },
  );

  it('networkTimeout: a hanging revalidation is answered from storage and stored when it lands', async () => {
    const o = origin();
    const path = o.path('slow');
    await o.script(
      path,
      { headers: { 'cache-control': 'max-age=10, stale-if-error=600', etag: '"v1"' }, body: 'v1' },
      {
        headers: { 'cache-control': 'max-age=60', etag: '"v2"' },
        body: 'v2',
        delayMs: 1000,
      },
    );
    const clock = fixedClock();
    const cf = cachedFetchFor({ networkTimeout: 50, now: clock.now });
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    clock.advance(60_000);

    const res = await cf(o.url + path);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-50; detail="timeout"',
    );
    await cf.cache.settled(); // the late response arrives and is stored
    const next = await cf(o.url + path);
    expect(await next.text()).toBe('v2');
    expect(next.headers.get('cache-status')).toMatch(/^cached-fetch; hit; ttl=/);
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]!.headers['if-none-match']).toBe('"v1"');
    await cf.cache.close();
  });
});

describe("offline: 'any' against a node:http origin (decision 0023)", () => {
  it('a no-cache + ETag response answers an origin that resets the connection, with detail="offline-any"', async () => {
    const o = origin();
    const path = o.path('any-reset');
    await o.script(
      path,
      { headers: { 'cache-control': 'no-cache', etag: '"v1"' }, body: 'orders' },
      { reset: true },
    );
    const clock = fixedClock();
    const cf = cachedFetchFor({ offline: 'any', now: clock.now });
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    const stale: unknown[] = [];
    cf.cache.addEventListener('stale', (event) => stale.push(event));
    clock.advance(5_000);

    const res = await cf(o.url + path);
    expect(await res.text()).toBe('orders');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-5; detail="offline-any"',
    );
    expect(stale).toEqual([{ url: o.url + path, reason: 'offline-any' }]);
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]!.headers['if-none-match']).toBe('"v1"');
    await cf.cache.close();
  });

  it('a hanging origin: past networkTimeout the no-cache response answers (timeout-any)', async () => {
    const o = origin();
    const path = o.path('any-hang');
    await o.script(
      path,
      { headers: { 'cache-control': 'no-cache', etag: '"v1"' }, body: 'orders' },
      { status: 304, headers: { etag: '"v1"' }, delayMs: 1000 },
    );
    const clock = fixedClock();
    const cf = cachedFetchFor({ offline: 'any', networkTimeout: 50, now: clock.now });
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    clock.advance(5_000);

    const res = await cf(o.url + path);
    expect(await res.text()).toBe('orders');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-5; detail="timeout-any"',
    );
    await cf.cache.settled(); // the late 304 arrives and freshens the stored response
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]!.headers['if-none-match']).toBe('"v1"');
    await cf.cache.close();
  });
});
