// `offline: 'any'` (decision 0023): beyond RFC 9111 §4.2.4, the app's choice to show a `no-cache`
// or `must-revalidate` response when the origin is unreachable or too slow, told apart in
// Cache-Status (`offline-any`, `timeout-any`) and in the `stale` event. 'stale' stays exact.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCachedFetch } from '../../src/index';
import { heldReply, makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
afterEach(() => {
  vi.useRealTimers();
});
const url = `${ORIGIN}/orders`;

type Options = Parameters<typeof makeCachedFetch>[0];
type Later = Reply | (() => Promise<Reply>);

/** Stores "v1" (ETag "v1") with `cacheControl`, then a minute passes; later requests get `later`. */
async function primed(cacheControl: string, options: Options, later: Later) {
  origin.reply(
    '/orders',
    { headers: { 'cache-control': cacheControl, etag: '"v1"' }, body: 'v1' },
    later as Reply,
  );
  const cf = makeCachedFetch(options);
  await (await cf(url)).text();
  await cf.cache.settled();
  cf.clock.advance(60_000);
  const stale: unknown[] = [];
  cf.cache.addEventListener('stale', (event) => stale.push(event));
  return { cf, stale };
}

describe("offline: 'any' serves what RFC 9111 §4.2.4 would not, and says so", () => {
  const any = { offline: 'any' } as const;

  it('a no-cache + ETag response answers a network error: detail="offline-any", the stale event too', async () => {
    const { cf, stale } = await primed('no-cache', any, { networkError: true });
    const res = await cf(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-60; detail="offline-any"',
    );
    expect(stale).toEqual([{ url, reason: 'offline-any' }]);
    // The origin was tried, with the stored validator.
    const seen = origin.seen('/orders');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.get('if-none-match')).toBe('"v1"');
  });

  it.each([502, 503, 504])(
    'a must-revalidate response answers a gateway %i: detail="offline-any" with the status',
    async (status) => {
      const { cf, stale } = await primed('max-age=10, must-revalidate', any, {
        status,
        body: 'gateway says no',
      });
      const res = await cf(url);
      expect(await res.text()).toBe('v1');
      expect(res.headers.get('cache-status')).toBe(
        `cached-fetch; fwd=stale; fwd-status=${status}; ttl=-50; detail="offline-any"`,
      );
      expect(stale).toEqual([{ url, reason: 'offline-any', status }]);
      expect(origin.seen('/orders')).toHaveLength(2);
    },
  );

  it('a response RFC 9111 §4.2.4 allows stays detail="offline", as under offline: stale', async () => {
    const { cf, stale } = await primed('max-age=10', any, { networkError: true });
    const res = await cf(url);
    expect(res.headers.get('cache-status')).toContain('detail="offline"');
    expect(stale).toEqual([{ url, reason: 'offline' }]);
  });

  it('a 500 is the origin answering: it passes through', async () => {
    const { cf } = await primed('no-cache', any, { status: 500, body: 'bug' });
    const res = await cf(url);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('bug');
  });

  it('a 304 from a reachable origin is used as usual: nothing stands in', async () => {
    const { cf, stale } = await primed('no-cache', any, { status: 304, headers: { etag: '"v1"' } });
    const res = await cf(url);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toContain('fwd-status=304');
    expect(stale).toEqual([]);
  });

  it('networkTimeout applies: a hanging origin is answered from storage (timeout-any), the late 304 freshens it', async () => {
    const late = heldReply();
    const { cf, stale } = await primed('no-cache', { ...any, networkTimeout: 20 }, late.reply);
    const res = await cf(url);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; ttl=-60; detail="timeout-any"',
    );
    expect(stale).toEqual([{ url, reason: 'timeout-any' }]);
    late.release({ status: 304, headers: { etag: '"v1"' } });
    await cf.cache.settled();
    const seen = origin.seen('/orders');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.get('if-none-match')).toBe('"v1"');
  });
});

describe("offline: 'stale' stays exact for no-cache and must-revalidate (RFC 9111 §4.2.4)", () => {
  it('networkTimeout does not apply to a no-cache response: the caller waits for the origin', async () => {
    const late = heldReply();
    const { cf, stale } = await primed(
      'no-cache',
      { offline: 'stale', networkTimeout: 1 },
      late.reply,
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let answered = false;
    const pending = cf(url).then((res) => {
      answered = true;
      return res;
    });
    await origin.arrived('/orders', 2);
    await vi.advanceTimersByTimeAsync(1_000); // well past the timeout
    expect(answered).toBe(false);
    vi.useRealTimers();
    late.release({ headers: { 'cache-control': 'no-cache', etag: '"v2"' }, body: 'v2' });
    expect(await (await pending).text()).toBe('v2');
    expect(stale).toEqual([]);
  });
});

it('a wrong offline value throws a TypeError naming the option and its values', () => {
  expect(() => createCachedFetch({ offline: 'always' as 'any' })).toThrow(
    "expected options.offline to be 'error', 'stale' or 'any', got",
  );
});
