// RFC 9111 §4.2.2 against a node:http origin: an API without caching headers is reused only with
// the heuristicFreshness opt-in, and an explicit max-age=0 is never overridden.
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

describe('heuristicFreshness against a node:http origin', () => {
  it.each([
    [{}, 1, 'cached-fetch; hit; ttl=50; detail="heuristic"'],
    [{ 'cache-control': 'max-age=0' }, 2, null],
  ])('headers %j: the origin sees %i request(s)', async (headers, requests, hitStatus) => {
    const o = origin();
    const path = o.path('api');
    await o.script(path, { headers, body: '[1,2,3]' });
    const clock = fixedClock();
    const cf = cachedFetchFor({ heuristicFreshness: 60, now: clock.now });
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    clock.advance(10_000);
    const second = await cf(o.url + path);
    expect(await second.text()).toBe('[1,2,3]');
    if (hitStatus) expect(second.headers.get('cache-status')).toBe(hitStatus);
    expect(await o.log(path)).toHaveLength(requests);
    await cf.cache.close();
  });
});
