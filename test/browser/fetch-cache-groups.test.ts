// Issue 23 in each engine, on real IndexedDB (schema v7, the `groups` index): a POST answered with
// Cache-Group-Invalidation (RFC 9875 §3) marks the group's members; each is revalidated on its next
// use (If-None-Match, a 304, the stored body), in every partition; a reopened store still knows
// the groups and the mark (decision 0025).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fetchAndStore, openCachedFetch, sameOrigin, uniqueDbName } from './fetch-support';

afterEach(cleanup);

describe('Cache Groups on real IndexedDB', () => {
  it('a POST with Cache-Group-Invalidation: members revalidate with a 304, in every partition', async () => {
    const origin = sameOrigin();
    const list = origin.path('list');
    const other = origin.path('other');
    const write = origin.path('write');
    const member = (etag: string, groups: string) => ({
      headers: { 'cache-control': 'max-age=600', etag, 'cache-groups': groups },
      body: `body ${etag}`,
      conditional: true,
    });
    await origin.script(list, member('"l"', '"items"'));
    await origin.script(other, member('"o"', '"others"'));
    await origin.script(write, {
      status: 204,
      headers: {
        'cache-group-invalidation': '"items"',
        'access-control-expose-headers': 'cache-group-invalidation',
      },
    });
    const name = uniqueDbName('groups');
    let user = 'alice';
    const cachedFetch = openCachedFetch(name, { partition: () => user });
    await fetchAndStore(cachedFetch, list);
    await fetchAndStore(cachedFetch, other);
    user = 'bob';
    await fetchAndStore(cachedFetch, list);

    const posted = await cachedFetch(write, { method: 'POST', body: 'x' });
    expect(posted.status).toBe(204);
    const listed = await cachedFetch.cache.entries();
    expect(
      listed
        .filter((e) => e.groups.includes('items'))
        .map((e) => [e.partition, e.invalidated])
        .sort(),
    ).toEqual([
      ['alice', true],
      ['bob', true],
    ]);

    // Reopened: the mark and the groups were written to IndexedDB.
    await cachedFetch.cache.close();
    const reopened = openCachedFetch(name, { partition: () => user });
    const bob = await reopened(list);
    expect(await bob.text()).toBe('body "l"');
    expect(bob.headers.get('cache-status')).toContain('fwd-status=304');
    user = 'alice';
    expect((await reopened(list)).headers.get('cache-status')).toContain('fwd-status=304');
    expect((await reopened(other)).headers.get('cache-status')).toContain('hit');
    await reopened.cache.settled();
    const log = await origin.log(list);
    expect(log.map((seen) => seen.headers['if-none-match'] ?? null)).toEqual([
      null,
      null,
      '"l"',
      '"l"',
    ]);
    expect(await origin.log(other)).toHaveLength(1);
  });
});
