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
