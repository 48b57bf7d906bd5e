// RFC 9111 behaviour end to end against a real node:http origin: what the origin saw, and what the caller got.
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

describe('end to end against a node:http origin', () => {
  it('miss → hit → 304 → merged headers, RFC 9111 §4, §4.3.4', async () => {
    const o = origin();
    const path = o.path('story');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=60', etag: '"v1"', 'x-version': 'first' },
      body: 'hello',
      conditional: true,
    });
    const clock = fixedClock();
    const cf = cachedFetchFor({ now: clock.now });
    const url = o.url + path;

    const first = await cf(url);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('hello');
    expect(first.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
    );
    expect(first.url).toBe(url);
    await cf.cache.settled();

    clock.advance(10_000);
    const second = await cf(url);
    expect(await second.text()).toBe('hello');
    expect(second.headers.get('age')).toBe('10');
    expect(second.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=50');
    expect(second.url).toBe(url);
    expect(await o.log(path)).toHaveLength(1);

    clock.advance(60_000);
    await o.script(path, {
      headers: { 'cache-control': 'max-age=120', etag: '"v1"', 'x-version': 'second' },
      body: 'hello',
      conditional: true,
    });
    const third = await cf(url);
    expect(third.status).toBe(200);
    expect(await third.text()).toBe('hello');
    expect(third.headers.get('x-version')).toBe('second');
    expect(third.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=304; ttl=120',
    );
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');

    clock.advance(1000);
    const fourth = await cf(url);
    expect(fourth.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=119');
    expect(await o.log(path)).toHaveLength(2);
    await cf.cache.close();
  });
});
