// Decision 0018 against a real node:http origin: one user's stored response is never another's
// hit, a token refresh of the same user costs a 304, and the origin sees exactly who asked.
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

describe('credentials end to end (decision 0018)', () => {
  it("bob's bearer token reaches the origin, with the stored validators; switching back costs a 304 too", async () => {
    const o = origin();
    const path = o.path('api/me');
    await o.script(path, {
      headers: { 'cache-control': 'private, max-age=300', etag: '"me"' },
      body: 'a profile',
      conditional: true,
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    const url = o.url + path;
    const as = (user: string) => ({ headers: { authorization: `Bearer ${user}` } });

    await (await cf(url, as('alice'))).text();
    await cf.cache.settled();
    const bob = await cf(url, as('bob'));
    await bob.text();
    // The origin answered bob's conditional request with a 304: the stored body, validated for him.
    expect(bob.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=request; fwd-status=304; ttl=300',
    );
    await cf.cache.settled();
    const bobAgain = await cf(url, as('bob'));
    expect(bobAgain.headers.get('cache-status')).toContain('hit');
    await bobAgain.text();
    const alice = await cf(url, as('alice'));
    await alice.text();

    const log = await o.log(path);
    expect(log.map((request) => request.headers.authorization)).toEqual([
      'Bearer alice',
      'Bearer bob',
      'Bearer alice',
    ]);
    expect(log[1]?.headers['if-none-match']).toBe('"me"');
    expect(log[2]?.headers['if-none-match']).toBe('"me"');
    await cf.cache.close();
  });
});
