// Edge cases that once went wrong: only-if-cached leaks, Web Locks refusing, a closed channel,
// background 5xx reporting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheStore } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/stores';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

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
    await cf.cache.settled();
    const again = await cf(`${ORIGIN}/o`, onlyIfCached);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('now stored');
  });

  it('never touches the network when the stored body is gone', async () => {
    origin.reply('/gone', { headers: { 'cache-control': 'max-age=60' }, body: 'b' });
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/gone`)).text();
    await cf.cache.settled();
    let bodyReads = 0;
    // Every method delegates to the real store, except that bodies have vanished (and there is
    // no one-read lookup, so the front reads variants, then the body).
    const lossy = new Proxy(store, {
      get: (target, name) => {
        if (name === 'lookup') return undefined;
        if (name === 'getBody') {
          return async () => {
            bodyReads++;
            return undefined;
          };
        }
        const value = (target as CacheStore)[name as keyof CacheStore] as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expect(await lossy.list()).toHaveLength(1);
    const cf2 = makeCachedFetch({ store: lossy });
    await expect(cf2(`${ORIGIN}/gone`, { cache: 'only-if-cached' })).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(origin.seen('/gone')).toHaveLength(1);
    // The lookup looked for the body once; a missing body is not looked for again.
    expect(bodyReads).toBe(1);
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
    await cf.cache.settled();
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
    await cf.cache.settled();
    cf.clock.advance(5000);
    expect(await (await cf(`${ORIGIN}/swr`)).text()).toBe('stale');
    await cf.cache.settled();
    expect(errors).toEqual([expect.objectContaining({ operation: 'background-revalidation' })]);
  });
});

describe('fetch semantics after the head', () => {
  it('a caller aborting mid-body of a non-storable response gets AbortError and the network is cancelled', async () => {
    let cancelled = false;
    const network = (async () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('part'));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(stream, { headers: { 'cache-control': 'no-store' } });
    }) as typeof fetch;
    const cf = makeCachedFetch({ fetch: network });
    const controller = new AbortController();
    const res = await cf(`${ORIGIN}/ns`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await cf.cache.settled();
    expect(cancelled).toBe(true);
  });

  it('a hit: the caller aborting after the head gets AbortError from the body, as from a network body', async () => {
    origin.reply('/hit-abort', { headers: { 'cache-control': 'max-age=60' }, body: 'stored' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/hit-abort`)).text();
    await cf.cache.settled();
    const controller = new AbortController();
    const res = await cf(`${ORIGIN}/hit-abort`, { signal: controller.signal });
    expect(res.headers.get('cache-status')).toMatch(/; hit/);
    controller.abort();
    await expect(res.text()).rejects.toMatchObject({ name: 'AbortError' });
    // The hit never reached the origin; a caller who keeps its signal reads the stored body.
    const kept = await cf(`${ORIGIN}/hit-abort`, { signal: new AbortController().signal });
    expect(await kept.text()).toBe('stored');
    expect(origin.seen('/hit-abort')).toHaveLength(1);
  });

  it('§4.3.4 a 304: the caller aborting after the head gets AbortError from the stored body', async () => {
    origin.reply('/304-abort', {
      headers: { 'cache-control': 'max-age=10', etag: '"v1"' },
      body: 'v1',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/304-abort`)).text();
    await cf.cache.settled();
    cf.clock.advance(11_000);
    origin.reply('/304-abort', {
      status: 304,
      headers: { 'cache-control': 'max-age=10', etag: '"v1"' },
    });
    const controller = new AbortController();
    const res = await cf(`${ORIGIN}/304-abort`, { signal: controller.signal });
    expect(res.headers.get('cache-status')).toMatch(/fwd-status=304/);
    controller.abort(new Error('gone'));
    // Fetch errors the body with the signal's reason.
    await expect(res.text()).rejects.toThrow('gone');
    expect(origin.seen('/304-abort').map((r) => r.headers.get('if-none-match'))).toEqual([
      null,
      '"v1"',
    ]);
  });

  it('a HEAD or a 204 hit has no body to error: text() after an abort is empty, as fetch gives', async () => {
    origin.reply('/null-body', { headers: { 'cache-control': 'max-age=60' }, body: 'stored' });
    origin.reply('/no-content', { status: 204, headers: { 'cache-control': 'max-age=60' } });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/null-body`)).text();
    await (await cf(`${ORIGIN}/no-content`)).text();
    await cf.cache.settled();
    for (const [path, method] of [
      ['/null-body', 'HEAD'],
      ['/no-content', 'GET'],
    ] as const) {
      const controller = new AbortController();
      const res = await cf(`${ORIGIN}${path}`, { method, signal: controller.signal });
      expect(res.headers.get('cache-status')).toMatch(/; hit/);
      controller.abort();
      expect(await res.text()).toBe('');
    }
    expect(origin.seen('/null-body')).toHaveLength(1);
    expect(origin.seen('/no-content')).toHaveLength(1);
  });

  it('a reader of a served response can be replaced, as on any Response', async () => {
    origin.reply('/patched', { headers: { 'cache-control': 'max-age=60' }, body: 'stored' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/patched`)).text();
    await cf.cache.settled();
    const res = await cf(`${ORIGIN}/patched`, { signal: new AbortController().signal });
    res.json = async () => 'patched';
    res.clone = () => res;
    expect(await res.json()).toBe('patched');
    expect(res.clone()).toBe(res);
  });

  it("bodies read to the end leave no listener on the caller's signal (nothing kept reachable)", async () => {
    origin.reply('/l1', { headers: { 'cache-control': 'max-age=60' }, body: 'a' });
    origin.reply('/l2', { headers: { 'cache-control': 'no-store' }, body: 'b' });
    const cf = makeCachedFetch();
    const controller = new AbortController();
    const live = new Set<unknown>();
    const { signal } = controller;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: unknown, options?: unknown) => {
      if (type === 'abort') live.add(listener);
      add(type, listener as EventListener, options as AddEventListenerOptions);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: unknown, options?: unknown) => {
      if (type === 'abort') live.delete(listener);
      remove(type, listener as EventListener, options as EventListenerOptions);
    }) as typeof signal.removeEventListener;
    for (const path of ['/l1', '/l2', '/l1'])
      await (await cf(`${ORIGIN}${path}`, { signal })).text();
    await cf.cache.settled();
    expect(live.size).toBe(0);
  });
});

describe('options respected everywhere', () => {
  it('cacheStatus: false leaves Cache-Status off the only-if-cached 504 too', async () => {
    const cf = makeCachedFetch({ cacheStatus: false });
    const res = await cf(`${ORIGIN}/nothing`, { headers: { 'cache-control': 'only-if-cached' } });
    expect(res.status).toBe(504);
    expect(res.headers.has('cache-status')).toBe(false);
  });

  it('a HEAD inside the stale-while-revalidate window refreshes in the background without an error event', async () => {
    origin.reply(
      '/swr-head',
      (request): Reply =>
        request.method === 'HEAD'
          ? { headers: { 'cache-control': 'max-age=1, stale-while-revalidate=60', etag: '"h"' } }
          : {
              headers: { 'cache-control': 'max-age=1, stale-while-revalidate=60', etag: '"h"' },
              body: 'x',
            },
    );
    const cf = makeCachedFetch();
    const errors: unknown[] = [];
    cf.cache.addEventListener('error', (event) => errors.push(event));
    await (await cf(`${ORIGIN}/swr-head`)).text();
    await cf.cache.settled();
    cf.clock.advance(5000);
    await cf(`${ORIGIN}/swr-head`, { method: 'HEAD' });
    await cf.cache.settled();
    expect(origin.seen('/swr-head').map((r) => r.method)).toEqual(['GET', 'HEAD']);
    expect(errors).toEqual([]);
  });
});
