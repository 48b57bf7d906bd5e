// Coalescing in one tab (issue 5): concurrent identical fetches share one request at the origin,
// every caller gets its own readable Response, and a failure reaches every caller. Real Chromium.
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  crossOrigin,
  fetchAndStore,
  movableClock,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

const callers = 100;

describe('100 concurrent identical fetches', () => {
  it('reach the origin once and give 100 readable, identical bodies', async () => {
    const origin = sameOrigin();
    const path = origin.path('hundred');
    const body = `${crypto.randomUUID()}:`.repeat(2000); // ~74 kB, several chunks
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', 'content-type': 'text/plain' },
      body,
      delayMs: 100,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('hundred'));

    const responses = await Promise.all(Array.from({ length: callers }, () => cachedFetch(path)));
    expect(new Set(responses).size).toBe(callers);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(bodies.filter((text) => text === body)).toHaveLength(callers);

    const statuses = responses.map((response) => response.headers.get('cache-status'));
    expect(statuses.filter((status) => status?.includes('collapsed'))).toHaveLength(callers - 1);
    expect(
      statuses.filter((status) => status?.startsWith('cached-fetch; fwd=uri-miss')),
    ).toHaveLength(callers);
    expect(await origin.log(path)).toHaveLength(1);
    await cachedFetch.cache.settled();
    expect((await cachedFetch.cache.stats()).entries).toBe(1);
  });

  it('revalidating one stale entry sends one conditional request, and every caller gets the body', async () => {
    const origin = sameOrigin();
    const path = origin.path('hundred-stale');
    await origin.script(
      path,
      {
        headers: { 'cache-control': 'max-age=60', etag: '"s1"' },
        body: 'stale body',
        conditional: true,
      },
      {
        headers: { 'cache-control': 'max-age=60', etag: '"s1"' },
        body: 'not sent with a 304',
        conditional: true,
        delayMs: 100,
      },
    );
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('hundred-stale'), { now: clock.now });
    await fetchAndStore(cachedFetch, path);
    clock.advance(61_000);

    const responses = await Promise.all(Array.from({ length: callers }, () => cachedFetch(path)));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(bodies.filter((text) => text === 'stale body')).toHaveLength(callers);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(callers);
    const statuses = responses.map((response) => response.headers.get('cache-status'));
    expect(
      statuses.filter((s) => s?.startsWith('cached-fetch; fwd=stale; fwd-status=304')),
    ).toHaveLength(callers);
    const log = await origin.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"s1"');
  });

  it('a network failure reaches every caller once, as the TypeError fetch gives', async () => {
    // A CORS failure: a network error for fetch that Chromium does not retry (it retries resets).
    const origin = crossOrigin();
    const path = origin.path('hundred-cors-error');
    await origin.script(path, {
      headers: {
        'cache-control': 'max-age=600',
        'access-control-allow-origin': 'https://other.test',
      },
      body: 'unreadable here',
      delayMs: 100,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('hundred-error'));

    const results = await Promise.allSettled(
      Array.from({ length: callers }, () => cachedFetch(origin.url + path)),
    );
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(callers);
    expect(rejected.every((result) => result.reason instanceof TypeError)).toBe(true);
    expect(await origin.log(path)).toHaveLength(1);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 0 });
  });

  it('on a hung origin, callers that abort leave; the last one still waits until it aborts too', async () => {
    const origin = sameOrigin();
    const path = origin.path('hundred-hung');
    await origin.script(path, { hang: true });
    const cachedFetch = openCachedFetch(uniqueDbName('hundred-hung'));

    const controllers = Array.from({ length: callers }, () => new AbortController());
    const settled: PromiseSettledResult<Response>[] = [];
    const pending = controllers.map((controller, index) =>
      cachedFetch(path, { signal: controller.signal }).then(
        (value) => {
          settled[index] = { status: 'fulfilled', value };
        },
        (reason: unknown) => {
          settled[index] = { status: 'rejected', reason };
        },
      ),
    );
    await expect.poll(async () => (await origin.log(path)).length).toBe(1);
    for (const controller of controllers.slice(0, -1)) controller.abort();
    await Promise.all(pending.slice(0, -1));
    expect(
      settled.filter((r) => r?.status === 'rejected' && r.reason.name === 'AbortError'),
    ).toHaveLength(callers - 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled[callers - 1]).toBeUndefined();
    controllers[callers - 1]!.abort();
    await pending[callers - 1];
    expect(settled[callers - 1]).toMatchObject({
      status: 'rejected',
      reason: { name: 'AbortError' },
    });
    expect(await origin.log(path)).toHaveLength(1);
  });
});
