// Offline (issue 5): when the origin's connection fails, `offline: 'stale'` answers with the stored
// response and says so in Cache-Status; the default rejects with fetch's TypeError. Here the origin
// resets the connection; test/node/tabs-sharing.test.ts stops the origin altogether.
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fetchAndStore,
  movableClock,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

describe('offline: the origin resets every connection', () => {
  it("offline: 'stale' serves the stale stored response with detail=offline; the default rejects", async () => {
    const origin = sameOrigin();
    const path = origin.path('offline');
    await origin.script(
      path,
      { headers: { 'cache-control': 'max-age=60', etag: '"o1"' }, body: 'last known good' },
      { reset: true },
    );
    const name = uniqueDbName('offline');
    const clock = movableClock();
    const tolerant = openCachedFetch(name, { now: clock.now, offline: 'stale' });
    await fetchAndStore(tolerant, path);
    clock.advance(120_000);

    const response = await tolerant(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('last known good');
    expect(response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-60; detail="offline"',
    );
    expect(response.headers.get('age')).toBe('120');

    const strict = openCachedFetch(name, { now: clock.now });
    const failure = await strict(path).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);

    // Both stale lookups really tried the origin (one GET each, beyond the first).
    const log = await origin.log(path);
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log[1]?.headers['if-none-match']).toBe('"o1"');
  });
});

describe('offline: a gateway in front of a dead API', () => {
  it("offline: 'stale' answers a 502 from the gateway with the stored response (RFC 9111 §4.2.4)", async () => {
    const origin = sameOrigin();
    const path = origin.path('gateway');
    await origin.script(
      path,
      { headers: { 'cache-control': 'max-age=60', etag: '"g1"' }, body: 'last known good' },
      { status: 502, body: 'Bad Gateway' },
    );
    const clock = movableClock();
    const cached = openCachedFetch(uniqueDbName('gateway'), { now: clock.now, offline: 'stale' });
    await fetchAndStore(cached, path);
    clock.advance(120_000);

    const response = await cached(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('last known good');
    expect(response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=502; ttl=-60; detail="offline"',
    );
    const log = await origin.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"g1"');
  });
});

describe("offline: 'any' (decision 0023): a no-cache API's last known data", () => {
  it('a no-cache + ETag response answers a reset connection with detail="offline-any"; offline: stale rejects', async () => {
    const origin = sameOrigin();
    const path = origin.path('offline-any');
    await origin.script(
      path,
      { headers: { 'cache-control': 'no-cache', etag: '"a1"' }, body: 'last known orders' },
      { reset: true },
    );
    const name = uniqueDbName('offline-any');
    const clock = movableClock();
    const any = openCachedFetch(name, { now: clock.now, offline: 'any' });
    await fetchAndStore(any, path);
    clock.advance(30_000);
    const stale: unknown[] = [];
    any.cache.addEventListener('stale', (event) => stale.push(event));

    const response = await any(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('last known orders');
    expect(response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-30; detail="offline-any"',
    );
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ reason: 'offline-any' });

    // The exact mode keeps RFC 9111 §4.2.4: fetch's TypeError.
    const exact = openCachedFetch(name, { now: clock.now, offline: 'stale' });
    const failure = await exact(path).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);

    // The origin was tried each time, with the stored validator.
    const log = await origin.log(path);
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log[1]?.headers['if-none-match']).toBe('"a1"');
  });
});
