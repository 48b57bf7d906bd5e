// Forgetting what the origin refused (docs/decisions/0019), in each real browser with IndexedDB:
// after a revalidation answered 403 with no-store (access revoked), the stored body never comes
// back, neither in this page nor in a new instance on the same database (a reload).
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

describe('a revalidation refused with 403 and no-store', () => {
  it('removes the stored response from IndexedDB and the memory tier', async () => {
    const origin = sameOrigin();
    const path = origin.path('shared-doc');
    await origin.script(path, {
      headers: { 'cache-control': 'private, max-age=1, stale-if-error=86400', etag: '"v1"' },
      body: 'secret-v1',
    });
    const clock = movableClock();
    const name = uniqueDbName('refused');
    const cachedFetch = openCachedFetch(name, { now: clock.now, offline: 'stale' });
    expect((await fetchAndStore(cachedFetch, path)).body).toBe('secret-v1');

    clock.advance(2000);
    await origin.script(path, {
      status: 403,
      headers: { 'cache-control': 'no-store' },
      body: 'access revoked',
    });
    const refused = await cachedFetch(path);
    expect([refused.status, await refused.text()]).toEqual([403, 'access revoked']);
    await cachedFetch.cache.settled();
    const log = await origin.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');
    expect(await cachedFetch.cache.entries()).toEqual([]);

    // The origin fails now: nothing stored may stand in for it, whatever the mode.
    await origin.script(path, { status: 503, body: 'down' });
    const forced = await cachedFetch(path, { cache: 'force-cache' });
    expect([forced.status, await forced.text()]).toEqual([503, 'down']);
    const directive = await cachedFetch(path, { headers: { 'cache-control': 'only-if-cached' } });
    expect(directive.status).toBe(504);
    const failed = await cachedFetch(path);
    expect([failed.status, await failed.text()]).toEqual([503, 'down']);
    expect(await origin.log(path)).toHaveLength(4);
    // A reset connection (browsers retry it on their own, so the origin sees it more than once).
    await origin.script(path, { reset: true });
    await expect(cachedFetch(path)).rejects.toThrow(TypeError);
    const asked = (await origin.log(path)).length;
    expect(asked).toBeGreaterThan(4);

    // A new instance on the same database (as after a reload) finds nothing either.
    const reopened = openCachedFetch(name, { now: clock.now, offline: 'stale' });
    const afterReload = await reopened(path, { headers: { 'cache-control': 'only-if-cached' } });
    expect(afterReload.status).toBe(504);
    expect(await origin.log(path)).toHaveLength(asked);
  });
});
