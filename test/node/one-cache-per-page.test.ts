// Decision 0003, pitfall 5, end to end against a real node:http origin and the default IndexedDB
// store: install() with a user partition, the exported cachedFetch, logout, the next user.
import { describe, expect, it } from 'vitest';
import { cachedFetch, install } from '../../src/index';
import { origin } from './support';

describe('two users on one page, against a node:http origin', () => {
  it("bob never gets alice's /me: the exported cachedFetch is the installed, partitioned cache", async () => {
    const o = origin();
    const path = o.path('me');
    await o.script(
      path,
      { headers: { 'cache-control': 'private, max-age=60' }, body: 'alice' },
      { headers: { 'cache-control': 'private, max-age=60' }, body: 'bob' },
    );
    const session: { userId?: string } = { userId: 'alice' };
    const uninstall = install({ partition: () => session.userId ?? 'anonymous', crossTab: false });
    try {
      const url = o.url + path;
      const asAlice = { headers: { authorization: 'Bearer alice' } };
      expect(await (await cachedFetch(url, asAlice)).text()).toBe('alice');
      await uninstall.cache.settled();
      const again = await cachedFetch(url, asAlice);
      expect(again.headers.get('cache-status')).toMatch(/^cached-fetch; hit; ttl=/);
      expect(await again.text()).toBe('alice');

      const user = session.userId;
      session.userId = undefined;
      if (user !== undefined) await uninstall.cache.clear({ partition: user });
      session.userId = 'bob';

      const bob = await cachedFetch(url, { headers: { authorization: 'Bearer bob' } });
      expect(await bob.text()).toBe('bob');
      const log = await o.log(path);
      expect(log.map((request) => request.headers.authorization)).toEqual([
        'Bearer alice',
        'Bearer bob',
      ]);
      await uninstall.cache.settled();
      expect((await uninstall.cache.entries()).map((entry) => entry.partition)).toEqual(['bob']);
    } finally {
      await uninstall.cache.clear();
      uninstall();
    }
  });
});
