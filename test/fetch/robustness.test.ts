// Edge cases that once went wrong: only-if-cached leaks, Web Locks refusing, a closed channel,
// background 5xx reporting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/index';
import type { CacheStore } from '../../src/store/cache-store';
import { makeCachedFetch, ORIGIN, settle, useMockOrigin } from './support';

const origin = useMockOrigin();

afterEach(() => vi.unstubAllGlobals());

describe('only-if-cached', () => {
  it('§5.2.1.7 a 504 for Cache-Control: only-if-cached is not remembered once something is stored', async () => {
    origin.reply('/o', { headers: { 'cache-control': 'max-age=60' }, body: 'now stored' });
    const cf = makeCachedFetch();
    const onlyIfCached = { headers: { 'cache-control': 'only-if-cached' } };
    const first = await cf(`${ORIGIN}/o`, onlyIfCached);
    expect(first.status).toBe(504);
    expect(first.headers.get('cache-status')).toBe('cached-fetch; detail="only-if-cached"');
    await (await cf(`${ORIGIN}/o`)).text();
    await settle();
    const again = await cf(`${ORIGIN}/o`, onlyIfCached);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('now stored');
  });

  it('never touches the network when the stored body is gone', async () => {
    origin.reply('/gone', { headers: { 'cache-control': 'max-age=60' }, body: 'b' });
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/gone`)).text();
    await settle();
    // Every method delegates to the real store, except that bodies have vanished (and there is
    // no one-read lookup, so the front reads variants, then the body).
    const lossy = new Proxy(store, {
      get: (target, name) => {
        if (name === 'lookup') return undefined;
        if (name === 'getBody') return async () => undefined;
        return (target[name as keyof CacheStore] as (...args: unknown[]) => unknown).bind(target);
      },
    });
    expect(await lossy.list()).toHaveLength(1);
    const cf2 = makeCachedFetch({ store: lossy });
    await expect(cf2(`${ORIGIN}/gone`, { cache: 'only-if-cached' })).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(origin.seen('/gone')).toHaveLength(1);
  });

  it('an unsafe method in only-if-cached mode fails like fetch and never reaches the origin', async () => {
    origin.reply('/post', { status: 200 });
    const cf = makeCachedFetch();
    await expect(
      cf(`${ORIGIN}/post`, { method: 'POST', cache: 'only-if-cached' }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(origin.seen('/post')).toHaveLength(0);
  });
});

describe('cross-tab plumbing never fails a request', () => {
  it('Web Locks that refuse (opaque origin: SecurityError) → revalidation goes on without them', async () => {
    const refuse = () => Promise.reject(new DOMException('opaque origin', 'SecurityError'));
    vi.stubGlobal('navigator', { ...navigator, locks: { request: refuse } });
    origin.reply(
      '/locked',
      { headers: { 'cache-control': 'max-age=1', etag: '"1"' }, body: 'ok' },
      { status: 304, headers: { etag: '"1"' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/locked`)).text();
    await settle();
    cf.clock.advance(2000);
    const res = await cf(`${ORIGIN}/locked`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-status')).toContain('fwd-status=304');
  });

  it('an unsafe request after cache.close() still returns the origin response', async () => {
    origin.reply('/after-close', { status: 204 });
    const cf = makeCachedFetch({ crossTab: true });
    await cf.cache.close();
    const res = await cf(`${ORIGIN}/after-close`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(204);
  });
});

describe('pitfall 6: background revalidation failures are reported', () => {
  it('a 503 to a stale-while-revalidate refresh reaches the error event; the caller got the stale response', async () => {
    origin.reply(
      '/swr',
      { headers: { 'cache-control': 'max-age=1, stale-while-revalidate=60' }, body: 'stale' },
      { status: 503, body: 'down' },
    );
    const cf = makeCachedFetch();
    const errors: Array<{ operation: string }> = [];
    cf.cache.addEventListener('error', (event) => errors.push(event));
    await (await cf(`${ORIGIN}/swr`)).text();
    await settle();
    cf.clock.advance(5000);
    expect(await (await cf(`${ORIGIN}/swr`)).text()).toBe('stale');
    await settle();
    expect(errors).toEqual([expect.objectContaining({ operation: 'background-revalidation' })]);
  });
});
