// RFC 9111 §4.2: a response is fresh while freshness_lifetime > current_age, so at age == lifetime
// it is stale, on every path that says so: a hit's event, a range hit's event, and the entries
// the handle lists (the inspector's source). One predicate (src/policy/age.ts isFreshAtAge) decides.
import { describe, expect, it } from 'vitest';
import type { CacheEventMap } from '../../src/fetch/context/events';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const lifetimeSec = 60;
const headers = { 'cache-control': `max-age=${lifetimeSec}`, etag: '"v1"' };

async function atLifetime(path: string) {
  origin.reply(path, { headers, body: 'abcdefghij' });
  const cf = makeCachedFetch();
  const hits: CacheEventMap['hit'][] = [];
  cf.cache.addEventListener('hit', (event) => hits.push(event));
  await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
  // No resident time other than the clock's: current_age == freshness_lifetime exactly.
  cf.clock.advance(lifetimeSec * 1000);
  return { cf, hits };
}

describe('RFC 9111 §4.2 at age == lifetime the stored response is stale on every path', () => {
  it('a hit (force-cache serves it anyway) is told stale', async () => {
    const { cf, hits } = await atLifetime('/edge-hit');
    const response = await cf(`${ORIGIN}/edge-hit`, { cache: 'force-cache' });
    expect(await response.text()).toBe('abcdefghij');
    await cf.cache.settled();
    expect(hits).toEqual([{ url: `${ORIGIN}/edge-hit`, status: 200, ageSec: 60, stale: true }]);
    expect(origin.seen('/edge-hit')).toHaveLength(1);
  });

  it('a range hit (force-cache serves it anyway) is told stale', async () => {
    const { cf, hits } = await atLifetime('/edge-range');
    const response = await cf(`${ORIGIN}/edge-range`, {
      cache: 'force-cache',
      headers: { range: 'bytes=2-4' },
    });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('cde');
    await cf.cache.settled();
    expect(hits).toEqual([{ url: `${ORIGIN}/edge-range`, status: 206, ageSec: 60, stale: true }]);
    expect(origin.seen('/edge-range')).toHaveLength(1);
  });

  it('cache.entries() says it is not fresh', async () => {
    const { cf } = await atLifetime('/edge-entries');
    const [info] = await cf.cache.entries();
    expect(info?.ttlSec).toBe(0);
    expect(info?.fresh).toBe(false);
    cf.clock.advance(-1);
    const [before] = await cf.cache.entries();
    expect(before?.fresh).toBe(true);
  });
});
