// networkTimeout: a revalidation whose head is late is answered by a stored response that may
// stand in (RFC 5861 §4 stale-if-error, `offline: 'stale'` per RFC 9111 §4.2.4, request max-stale
// §5.2.1.2), and the request finishes in the background. With nothing to stand in, it waits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCachedFetch } from '../../src/index';
import { heldReply, makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
afterEach(() => {
  vi.useRealTimers();
});
const url = `${ORIGIN}/slow`;

type Options = Parameters<typeof makeCachedFetch>[0];

async function primed(cacheControl: string, options: Options, later: () => Promise<Reply>) {
  origin.reply(
    '/slow',
    { headers: { 'cache-control': cacheControl, etag: '"v1"' }, body: 'v1' },
    later,
  );
  const cf = makeCachedFetch(options);
  await (await cf(url)).text();
  await cf.cache.settled();
  cf.clock.advance(60_000);
  return cf;
}

describe('networkTimeout', () => {
  it('RFC 5861 §4: past the timeout a stale-if-error response answers; the late 200 is stored in the background', async () => {
    const origin2 = heldReply();
    const cf = await primed(
      'max-age=10, stale-if-error=600',
      { networkTimeout: 20 },
      origin2.reply,
    );
    const stale: unknown[] = [];
    cf.cache.addEventListener('stale', (event) => stale.push(event));

    const res = await cf(url);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-50; detail="timeout"',
    );
    expect(stale).toEqual([{ url, reason: 'timeout' }]);

    origin2.release({ headers: { 'cache-control': 'max-age=60', etag: '"v2"' }, body: 'v2' });
    await cf.cache.settled();
    const next = await cf(url);
    expect(await next.text()).toBe('v2');
    expect(next.headers.get('cache-status')).toContain('hit');
    const seen = origin.seen('/slow');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.get('if-none-match')).toBe('"v1"');
  });

  it("RFC 9111 §4.2.4 offline: 'stale': past the timeout the stored response answers; a late 304 freshens it", async () => {
    const origin2 = heldReply();
    const cf = await primed('max-age=10', { networkTimeout: 20, offline: 'stale' }, origin2.reply);
    const res = await cf(url);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toContain('detail="timeout"');

    origin2.release({ status: 304, headers: { 'cache-control': 'max-age=600', etag: '"v1"' } });
    await cf.cache.settled();
    const next = await cf(url);
    expect(await next.text()).toBe('v1');
    expect(next.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=600');
    expect(origin.seen('/slow')).toHaveLength(2);
  });

  it('RFC 9111 §5.2.1.2: a request max-stale lets the stored response stand in for a late revalidation', async () => {
    const origin2 = heldReply();
    // no-cache in the request forces the revalidation; its max-stale accepts the stale response.
    const cf = await primed('max-age=10', { networkTimeout: 20 }, origin2.reply);
    const res = await cf(url, { headers: { 'cache-control': 'no-cache, max-stale=3600' } });
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toContain('detail="timeout"');
    origin2.release({ status: 304, headers: { etag: '"v1"', 'cache-control': 'max-age=10' } });
    await cf.cache.settled();
  });

  it('with nothing to stand in, it keeps waiting as fetch would', async () => {
    const origin2 = heldReply();
    const cf = await primed('max-age=10', { networkTimeout: 1 }, origin2.reply);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    const pending = cf(url).then((res) => {
      settled = true;
      return res;
    });
    await origin.arrived('/slow', 2);
    await vi.advanceTimersByTimeAsync(1_000); // well past the timeout
    expect(settled).toBe(false);
    vi.useRealTimers();
    origin2.release({ headers: { 'cache-control': 'max-age=60', etag: '"v2"' }, body: 'v2' });
    const res = await pending;
    expect(await res.text()).toBe('v2');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=200; stored; ttl=60',
    );
  });

  it.each([0, -1, 1.5, '100'])(
    'networkTimeout %j throws a TypeError naming the option',
    (value) => {
      expect(() => createCachedFetch({ networkTimeout: value as number })).toThrow(
        /options\.networkTimeout to be a positive integer/,
      );
    },
  );
});
