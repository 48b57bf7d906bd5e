// Bodies that break, aborts, resets, invalidation and coalescing against a real node:http origin.
import { describe, expect, it } from 'vitest';
import { arrived, cachedFetchFor, fixedClock, origin } from './support';

describe('bodies that do not arrive completely are never stored', () => {
  it('a body cut by the origin mid-stream errors for the caller and is not stored', async () => {
    const o = origin();
    const path = o.path('cut');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60' },
      bodyBytes: 100_000,
      breakAfterBytes: 1000,
    });
    const cf = cachedFetchFor();
    const res = await cf(o.url + path);
    await expect(res.arrayBuffer()).rejects.toBeInstanceOf(TypeError);
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(0);
    await expect((await cf(o.url + path)).arrayBuffer()).rejects.toBeInstanceOf(TypeError);
    expect(await o.log(path)).toHaveLength(2);
  });

  it('a caller aborting mid-body gets AbortError and nothing is stored', async () => {
    const o = origin();
    const path = o.path('abort-body');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60' },
      bodyBytes: 50,
      breakAfterBytes: 10,
    });
    const cf = cachedFetchFor();
    const controller = new AbortController();
    const res = await cf(o.url + path, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(0);
  });

  it('a connection reset is the same TypeError fetch gives', async () => {
    const o = origin();
    const path = o.path('reset');
    await o.script(path, { reset: true });
    const cf = cachedFetchFor();
    await expect(cf(o.url + path)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('RFC 5861 §4 stale-if-error against an origin that fails', () => {
  it('a reset connection within the window is answered with the stale response', async () => {
    const o = origin();
    const path = o.path('sie');
    await o.script(
      path,
      {
        headers: { 'cache-control': 'max-age=1, stale-if-error=60', etag: '"1"' },
        body: 'stale but ok',
      },
      { reset: true },
    );
    const clock = fixedClock();
    const cf = cachedFetchFor({ now: clock.now });
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    clock.advance(5000);
    const res = await cf(o.url + path);
    expect(await res.text()).toBe('stale but ok');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-4; detail="stale-if-error"',
    );
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"1"');
  });

  it('a 503 within the window is answered with the stale response; the origin saw the conditional request', async () => {
    const o = origin();
    const path = o.path('sie503');
    await o.script(
      path,
      { headers: { 'cache-control': 'max-age=1, stale-if-error=60' }, body: 'ok' },
      { status: 503, body: 'down' },
    );
    const clock = fixedClock();
    const cf = cachedFetchFor({ now: clock.now });
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    clock.advance(5000);
    const res = await cf(o.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=503; ttl=-4; detail="stale-if-error"',
    );
  });
});

describe('RFC 9111 §4.4 and coalescing against a real origin', () => {
  it('a POST invalidates: the origin sees GET, POST, GET', async () => {
    const o = origin();
    const path = o.path('items');
    await o.script(path, { headers: { 'cache-control': 'max-age=60' }, body: 'list' });
    const cf = cachedFetchFor();
    await (await cf(o.url + path)).text();
    await cf.cache.settled();
    await (await cf(o.url + path)).text();
    await cf(o.url + path, { method: 'POST', body: 'new item' });
    await (await cf(o.url + path)).text();
    expect((await o.log(path)).map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('100 concurrent identical GETs reach the origin once; every caller reads the whole body', async () => {
    const o = origin();
    const path = o.path('hundred');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60' },
      bodyBytes: 20_000,
      delayMs: 50,
    });
    const cf = cachedFetchFor();
    const bodies = await Promise.all(
      Array.from({ length: 100 }, () => cf(o.url + path).then((r) => r.arrayBuffer())),
    );
    expect(bodies.every((b) => b.byteLength === 20_000)).toBe(true);
    expect(await o.log(path)).toHaveLength(1);
  });

  it('a hung origin: every waiter that aborts gets AbortError, and nothing waits forever', async () => {
    const o = origin();
    const path = o.path('hung');
    await o.script(path, { hang: true });
    const cf = cachedFetchFor();
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const pending = controllers.map((c) => cf(o.url + path, { signal: c.signal }));
    await arrived(o, path);
    for (const c of controllers) c.abort();
    for (const p of pending) await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(await o.log(path)).toHaveLength(1);
  });
});
