// What one cached fetch wrote to IndexedDB is served by a fresh instance, once the first is closed.
// (Across a real page reload: test/node/tabs-reload.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fetchAndStore,
  movableClock,
  openCachedFetch,
  recordEvents,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

describe('persistence in real IndexedDB', () => {
  it('a fresh instance on the same database serves what a closed one stored, without the origin', async () => {
    const origin = sameOrigin();
    const path = origin.path('persisted');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"p1"', 'content-type': 'text/plain' },
      body: 'kept across instances',
    });
    const name = uniqueDbName('persistence');
    const clock = movableClock();

    const first = openCachedFetch(name, { now: clock.now });
    const miss = await fetchAndStore(first, path);
    expect(miss.response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=600',
    );
    await first.cache.close();

    clock.advance(5000);
    const second = openCachedFetch(name, { now: clock.now });
    const hits = recordEvents(second, 'hit');
    const misses = recordEvents(second, 'miss');
    const response = await second(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('kept across instances');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=595');
    expect(response.headers.get('age')).toBe('5');
    expect(response.headers.get('etag')).toBe('"p1"');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.url).toBe(new URL(path, location.href).href);
    expect(hits).toHaveLength(1);
    expect(misses).toEqual([]);
    expect(await origin.log(path)).toHaveLength(1);
    expect(await second.cache.stats()).toMatchObject({ entries: 1 });
  });

  it('a fresh instance on another database does not see it (the check above can fail)', async () => {
    const origin = sameOrigin();
    const path = origin.path('not-shared');
    await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: 'elsewhere' });

    const first = openCachedFetch(uniqueDbName('persistence-a'));
    await fetchAndStore(first, path);
    await first.cache.close();

    const other = openCachedFetch(uniqueDbName('persistence-b'));
    const response = await other(path);
    expect(await response.text()).toBe('elsewhere');
    expect(response.headers.get('cache-status')).toMatch(/^cached-fetch; fwd=uri-miss; /);
    expect(await origin.log(path)).toHaveLength(2);
  });
});
