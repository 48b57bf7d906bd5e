// The cache handle's small edges: addEventListener returns its unsubscribe, settled() waits for
// background work, the bytes each figure counts, and the format version on stored metadata.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('the cache handle', () => {
  it('addEventListener returns a function that removes that listener', async () => {
    origin.reply('/u', { headers: { 'cache-control': 'max-age=60' }, body: 'u' });
    const cf = makeCachedFetch();
    const misses: string[] = [];
    const unsubscribe = cf.cache.addEventListener('miss', ({ url }) => misses.push(url));
    await (await cf(`${ORIGIN}/u`)).text();
    unsubscribe();
    await (await cf(`${ORIGIN}/u`, { cache: 'reload' })).text();
    expect(misses).toEqual([`${ORIGIN}/u`]);
  });

  it('settled() resolves once the body is stored, with no sleeping', async () => {
    origin.reply('/s', { headers: { 'cache-control': 'max-age=60' }, body: 'stored' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/s`)).text();
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(1);
    const hit = await cf(`${ORIGIN}/s`);
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/s')).toHaveLength(1);
  });

  it('RFC 5861 §3: settled() waits for a background revalidation and what it stores', async () => {
    origin.reply(
      '/swr',
      {
        headers: { 'cache-control': 'max-age=1, stale-while-revalidate=60', etag: '"1"' },
        body: 'one',
      },
      { headers: { 'cache-control': 'max-age=60', etag: '"2"' }, body: 'two' },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/swr`)).text();
    await cf.cache.settled();
    cf.clock.advance(5_000);
    expect(await (await cf(`${ORIGIN}/swr`)).text()).toBe('one');
    await cf.cache.settled();
    expect(origin.seen('/swr')).toHaveLength(2);
    const next = await cf(`${ORIGIN}/swr`);
    expect(await next.text()).toBe('two');
    expect(next.headers.get('cache-status')).toContain('hit');
  });

  it("the stored event's bytes are the body's; entries().size adds the metadata counted against maxBytes", async () => {
    origin.reply('/b', { headers: { 'cache-control': 'max-age=60' }, body: '12345' });
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store });
    const stored: number[] = [];
    cf.cache.addEventListener('stored', ({ bytes }) => stored.push(bytes));
    await (await cf(`${ORIGIN}/b`)).text();
    await cf.cache.settled();
    const [info] = await cf.cache.entries();
    expect(stored).toEqual([5]);
    expect(info!.bodySize).toBe(5);
    expect(info!.size).toBeGreaterThan(5);
    expect((await cf.cache.stats()).bytes).toBe(info!.size);
    // The metadata carries its format version.
    expect((await store.list()).map((entry) => entry.format)).toEqual([1]);
  });
});
