// cache.invalidate(filter) is ordered as cache.delete() and cache.clear() are (decision 0025): a
// request issued after the call, even before the call has settled, is never answered by what the
// invalidation marks without asking the origin, nor joins work that was in flight for it. Its code
// loads with the revalidate chunk and it reads the store before it knows what it marks: requests
// issued meanwhile wait for it (src/fetch/route.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InvalidateFilter } from '../../src/index';
import type { CacheEntry, StoreListFilter } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { heldReply, makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

/** A fresh response with a validator, in group "g"; a 304 to a request that has its ETag. */
function withEtag(body: string) {
  return (request: Request): Reply => {
    const headers = { 'cache-control': 'max-age=600', etag: `"${body}"`, 'cache-groups': '"g"' };
    if (request.headers.get('if-none-match') === `"${body}"`) return { status: 304, headers };
    return { headers, body };
  };
}

const conditional = (path: string) =>
  origin.seen(path).map((r) => r.headers.get('if-none-match') !== null);

describe('a request issued right after cache.invalidate(), before it settled', () => {
  const url = `${ORIGIN}/api/a`;
  const filters: Array<[string, InvalidateFilter]> = [
    ['url', { url }],
    ['prefix', { prefix: `${ORIGIN}/api/`, partition: '' }],
    ['group', { group: 'g', allPartitions: true }],
    ['where', { where: (entry) => entry.requestUrl === url, allPartitions: true }],
  ];

  it.each(filters)('by %s: revalidated (a 304), not a hit', async (_, filter) => {
    origin.reply('/api/a', withEtag('a'));
    const cf = makeCachedFetch();
    await (await cf(url)).text();
    await cf.cache.settled();
    const invalidated = cf.cache.invalidate(filter);
    const response = await cf(url);
    expect(await response.text()).toBe('a');
    expect(response.headers.get('cache-status')).toContain('fwd=stale; fwd-status=304');
    expect(conditional('/api/a')).toEqual([false, true]);
    expect(await invalidated).toBe(1);
    // The 304 freshened the entry: its mark is gone, the next request a hit.
    await cf.cache.settled();
    expect((await cf.cache.entries()).map((e) => e.invalidated)).toEqual([false]);
    expect((await cf(url)).headers.get('cache-status')).toMatch(/; hit/);
  });

  it('as after delete(): it does not join a request already in flight for that URL', async () => {
    const held = heldReply();
    origin.reply('/api/a', held.reply);
    const cf = makeCachedFetch();
    const before = cf(url);
    await origin.arrived('/api/a');
    const invalidated = cf.cache.invalidate({ url });
    const after = cf(url);
    held.release({ headers: { 'cache-control': 'max-age=600' }, body: 'a' });
    expect(await (await before).text()).toBe('a');
    const response = await after;
    expect(await response.text()).toBe('a');
    expect(response.headers.get('cache-status')).not.toContain('collapsed');
    expect(origin.seen('/api/a')).toHaveLength(2);
    await invalidated;
  });

  it('a wrong filter: a TypeError naming it, and the request meanwhile is a hit as before', async () => {
    origin.reply('/api/a', withEtag('a'));
    const cf = makeCachedFetch();
    await (await cf(url)).text();
    await cf.cache.settled();
    // biome-ignore lint/suspicious/noExplicitAny: a wrong argument on purpose
    const rejected = cf.cache.invalidate({ url: '/api/a' } as any);
    const response = await cf(url);
    await expect(rejected).rejects.toThrow(/filter\.url to be an absolute URL/);
    await expect(rejected).rejects.toBeInstanceOf(TypeError);
    expect(response.headers.get('cache-status')).toMatch(/; hit/);
    expect(conditional('/api/a')).toEqual([false]);
    expect((await cf.cache.entries()).map((e) => e.invalidated)).toEqual([false]);
  });
});

/** A MemoryStore whose listings hang once `stalled` is set (they never settle). */
class StallingListStore extends MemoryStore {
  stalled = false;
  override list(filter?: StoreListFilter): Promise<CacheEntry[]> {
    return this.stalled ? new Promise(() => {}) : super.list(filter);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('an invalidation whose store stalls (docs/pitfalls.md #11)', () => {
  it('holds a request 5 s at most: it then reads nothing stored and asks the origin', async () => {
    const url = `${ORIGIN}/api/a`;
    origin.reply('/api/a', withEtag('a'));
    // The deadline's timer measures with performance.now(): both faked (as storage-stall.test.ts).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = new StallingListStore();
    const cf = makeCachedFetch({ store });
    const errors: Array<{ error: unknown; operation: string; url?: string | undefined }> = [];
    cf.cache.addEventListener('error', (event) => errors.push(event));
    await (await cf(url)).text();
    await cf.cache.settled();
    store.stalled = true;
    void cf.cache.invalidate({ url }); // its listing of No-Vary-Search equivalents never answers
    let answered = false;
    const pending = cf(url).then((response) => {
      answered = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    vi.useRealTimers();
    const response = await pending;
    expect(await response.text()).toBe('a');
    // Not the stored entry the invalidation may be about to mark: the origin, unconditionally.
    expect(response.headers.get('cache-status')).toContain('fwd=request');
    expect(conditional('/api/a')).toEqual([false, false]);
    // Said, as a lookup past the store's deadline is (README, Browser support notes).
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ operation: 'invalidate', url });
    expect((errors[0]!.error as Error).name).toBe('TimeoutError');
  });

  // close() waits for the changes under way (a clear() whose code loads opens the store), but a
  // stalled store holds it no longer than the store's deadline.
  it('holds close() 5 s at most', async () => {
    const url = `${ORIGIN}/api/a`;
    origin.reply('/api/a', withEtag('a'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = new StallingListStore();
    const cf = makeCachedFetch({ store });
    await (await cf(url)).text();
    await cf.cache.settled();
    store.stalled = true;
    void cf.cache.invalidate({ url });
    let closed = false;
    const closing = cf.cache.close().then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    vi.useRealTimers();
    await closing;
    expect(closed).toBe(true);
  });
});
