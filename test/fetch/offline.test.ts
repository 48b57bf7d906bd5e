// Offline: the `offline` option (RFC 9111 §4.2.4 disconnected cache), only-if-cached (Fetch mode and
// RFC 9111 §5.2.1.7), and the default that fails exactly as fetch fails.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/off`;
const year = 365 * 24 * 3600 * 1000;

type Options = Parameters<typeof makeCachedFetch>[0];

/** Stores "v1" with `cacheControl` at t=0; later requests get `later`. */
async function primed(cacheControl: string, options: Options = {}, ...later: Reply[]) {
  origin.reply(
    '/off',
    { headers: { 'cache-control': cacheControl, etag: '"v1"' }, body: 'v1' },
    ...later,
  );
  const cf = makeCachedFetch(options);
  await (await cf(url)).text();
  await cf.cache.settled();
  return cf;
}

/** The error the network fetch itself rejects with for this origin failure. */
async function networkFailure(): Promise<unknown> {
  origin.reply('/probe', { networkError: true });
  try {
    await globalThis.fetch(`${ORIGIN}/probe`);
  } catch (error) {
    return error;
  }
  throw new Error('the probe did not fail');
}

describe("RFC 9111 §4.2.4 offline: 'stale' (a disconnected cache may serve stale)", () => {
  const offline = { offline: 'stale' } as const;

  it('answers a network failure with the stored response, a year stale, and says so in Cache-Status', async () => {
    const cf = await primed('max-age=10', offline, { networkError: true });
    cf.clock.advance(year);
    const res = await cf(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('age')).toBe(String(year / 1000));
    expect(res.headers.get('cache-status')).toContain('detail="offline"');
    expect(origin.seen('/off')).toHaveLength(2);
  });

  it('answers a network failure during a request-forced revalidation of a fresh response', async () => {
    const cf = await primed('max-age=600', offline, { networkError: true });
    cf.clock.advance(5_000);
    const res = await cf(url, { cache: 'no-cache' });
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toContain('detail="offline"');
    expect(origin.seen('/off')).toHaveLength(2);
  });

  it('a response without any freshness information (heuristic 0) is still served offline', async () => {
    origin.reply('/bare', { body: 'bare' }, { networkError: true });
    const cf = makeCachedFetch(offline);
    await (await cf(`${ORIGIN}/bare`)).text();
    await cf.cache.settled();
    cf.clock.advance(60_000);
    const res = await cf(`${ORIGIN}/bare`);
    expect(await res.text()).toBe('bare');
    expect(res.headers.get('cache-status')).toContain('detail="offline"');
  });

  it('§5.2.2.2 must-revalidate: not served offline, the network error passes through (TypeError)', async () => {
    const cf = await primed('max-age=10, must-revalidate', offline, { networkError: true });
    cf.clock.advance(60_000);
    await expect(cf(url)).rejects.toBeInstanceOf(TypeError);
  });

  it('§5.2.2.4 no-cache: not served offline, the network error passes through (TypeError)', async () => {
    const cf = await primed('no-cache', offline, { networkError: true });
    await expect(cf(url)).rejects.toBeInstanceOf(TypeError);
  });

  it('with nothing stored, a network failure rejects (TypeError)', async () => {
    origin.reply('/empty', { networkError: true });
    const cf = makeCachedFetch(offline);
    await expect(cf(`${ORIGIN}/empty`)).rejects.toBeInstanceOf(TypeError);
  });

  it.each([502, 503, 504])(
    'a gateway %i (a dev proxy or API gateway in front of a dead API) counts as unreachable: the stored response answers',
    async (status) => {
      const cf = await primed('max-age=10', offline, { status, body: 'gateway says no' });
      const stale: unknown[] = [];
      cf.cache.addEventListener('stale', (event) => stale.push(event));
      cf.clock.advance(60_000);
      const res = await cf(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('v1');
      expect(res.headers.get('cache-status')).toBe(
        `cached-fetch; fwd=stale; fwd-status=${status}; ttl=-50; detail="offline"`,
      );
      expect(stale).toEqual([{ url, reason: 'offline', status }]);
      // The origin (its gateway) was asked, with the stored validator.
      expect(origin.seen('/off')).toHaveLength(2);
      expect(origin.seen('/off')[1]!.headers.get('if-none-match')).toBe('"v1"');
    },
  );

  it('a 500 is the origin answering, not unreachable: it passes through', async () => {
    const cf = await primed('max-age=10', offline, { status: 500, body: 'bug' });
    cf.clock.advance(60_000);
    const res = await cf(url);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('bug');
  });

  it('a network failure emits a stale event with reason offline and no status', async () => {
    const cf = await primed('max-age=10', offline, { networkError: true });
    const stale: unknown[] = [];
    cf.cache.addEventListener('stale', (event) => stale.push(event));
    cf.clock.advance(60_000);
    await (await cf(url)).text();
    expect(stale).toEqual([{ url, reason: 'offline' }]);
  });
});

describe('offline by default: fail as fetch fails', () => {
  it('a stale stored response without stale-if-error is not served: rejects with the same TypeError as fetch', async () => {
    const expected = await networkFailure();
    expect(expected).toBeInstanceOf(TypeError);
    const cf = await primed('max-age=10', {}, { networkError: true });
    cf.clock.advance(60_000);
    const failure = await cf(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe((expected as TypeError).message);
    expect(origin.seen('/off')).toHaveLength(2);
  });

  it("offline: 'error' (explicit) behaves as the default", async () => {
    const cf = await primed('max-age=10', { offline: 'error' }, { networkError: true });
    cf.clock.advance(60_000);
    await expect(cf(url)).rejects.toBeInstanceOf(TypeError);
  });

  it('nothing stored: rejects with a TypeError', async () => {
    origin.reply('/empty', { networkError: true });
    const cf = makeCachedFetch();
    await expect(cf(`${ORIGIN}/empty`)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("Fetch cache mode 'only-if-cached': never touches the network", () => {
  it('nothing stored: rejects with a TypeError and sends nothing', async () => {
    origin.reply('/nothing', { body: 'never sent' });
    const cf = makeCachedFetch();
    await expect(cf(`${ORIGIN}/nothing`, { cache: 'only-if-cached' })).rejects.toBeInstanceOf(
      TypeError,
    );
    await cf.cache.settled();
    expect(origin.seen('/nothing')).toHaveLength(0);
  });

  it('serves a stored response however stale, with its Age, and sends nothing', async () => {
    const cf = await primed('max-age=10');
    cf.clock.advance(year);
    const res = await cf(url, { cache: 'only-if-cached' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('age')).toBe(String(year / 1000));
    expect(res.headers.get('cache-status')).toContain('hit');
    await cf.cache.settled();
    expect(origin.seen('/off')).toHaveLength(1);
  });

  it('serves a stored response while the network is down, without trying it', async () => {
    const cf = await primed('max-age=10', {}, { networkError: true });
    cf.clock.advance(60_000);
    expect(await (await cf(url, { cache: 'only-if-cached' })).text()).toBe('v1');
    expect(origin.seen('/off')).toHaveLength(1);
  });
});

describe('RFC 9111 §5.2.1.7 request Cache-Control: only-if-cached', () => {
  const onlyIfCached = { headers: { 'cache-control': 'only-if-cached' } };

  it('nothing stored: answers 504 (Gateway Timeout) without the network', async () => {
    origin.reply('/nothing', { body: 'never sent' });
    const cf = makeCachedFetch();
    const res = await cf(`${ORIGIN}/nothing`, onlyIfCached);
    expect(res.status).toBe(504);
    await cf.cache.settled();
    expect(origin.seen('/nothing')).toHaveLength(0);
  });

  it('a fresh stored response is served without the network', async () => {
    const cf = await primed('max-age=60');
    cf.clock.advance(30_000);
    const res = await cf(url, onlyIfCached);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('age')).toBe('30');
    expect(origin.seen('/off')).toHaveLength(1);
  });
});
