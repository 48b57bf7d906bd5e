// Forgetting what the origin refused (docs/decisions/0019): once a final response for a URL says
// the stored one must not be reused (no-store, Vary: *, a 304 with no-store, access refused), the
// old copy never comes back: not to force-cache, only-if-cached, stale-if-error or `offline`.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store';
import { refusalCases, secret } from './refusal-cases';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const path = '/doc';
const url = `${ORIGIN}${path}`;
const stored: Reply = {
  headers: { 'cache-control': 'private, max-age=1, stale-if-error=86400', etag: '"v1"' },
  body: secret,
};
const down: Reply = { status: 503, body: 'down' };

/** Stores `secret` (stale after 1 s), then lets 2 s pass. */
async function primed(options: Parameters<typeof makeCachedFetch>[0] = {}) {
  const cf = makeCachedFetch({ offline: 'stale', ...options });
  origin.reply(path, stored);
  expect(await (await cf(url)).text()).toBe(secret);
  await cf.cache.settled();
  cf.clock.advance(2000);
  return cf;
}

describe('RFC 9111 §4.3.3, §4.3.4: a refused revalidation removes the stored response', () => {
  it.each(refusalCases)(
    '$label: never served again, in any mode, memory tier included',
    async ({ status, headers, servedOnce }) => {
      const cf = await primed();
      origin.reply(path, { status, headers, body: status === 304 ? null : 'refused' });
      const revalidated = await cf(url);
      expect(await revalidated.text()).toBe(servedOnce);
      await cf.cache.settled();
      expect(origin.seen(path)).toHaveLength(2);
      expect(origin.seen(path)[1]?.headers.get('if-none-match')).toBe('"v1"');
      expect(await cf.cache.entries()).toEqual([]);

      // force-cache would take any stored response, however stale: there is none; the origin is asked.
      origin.reply(path, down);
      const forced = await cf(url, { cache: 'force-cache' });
      expect([forced.status, await forced.text()]).toEqual([503, 'down']);
      expect(origin.seen(path)).toHaveLength(3);
      // only-if-cached (the mode, and the request directive): nothing stored, the origin not asked.
      await expect(cf(url, { cache: 'only-if-cached', mode: 'same-origin' })).rejects.toThrow(
        TypeError,
      );
      const directive = await cf(url, { headers: { 'cache-control': 'only-if-cached' } });
      expect(directive.status).toBe(504);
      expect(origin.seen(path)).toHaveLength(3);
      // stale-if-error=86400 would have covered this 503.
      const failed = await cf(url);
      expect([failed.status, await failed.text()]).toEqual([503, 'down']);
      // offline: 'stale' would have covered a network error.
      origin.reply(path, { networkError: true });
      await expect(cf(url)).rejects.toThrow(TypeError);
      expect(origin.seen(path)).toHaveLength(5);
      await cf.cache.settled();
      expect(await cf.cache.entries()).toEqual([]);
    },
  );

  it('a refused background revalidation (stale-while-revalidate) removes it too', async () => {
    const cf = makeCachedFetch();
    origin.reply(path, {
      headers: {
        'cache-control': 'max-age=1, stale-while-revalidate=600, stale-if-error=600',
        etag: '"v1"',
      },
      body: secret,
    });
    await (await cf(url)).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    origin.reply(path, { status: 403, headers: { 'cache-control': 'no-store' }, body: 'no' });
    expect(await (await cf(url)).text()).toBe(secret); // served stale, refreshed in the background
    await cf.cache.settled();
    expect(origin.seen(path)).toHaveLength(2);
    origin.reply(path, down);
    const after = await cf(url, { cache: 'force-cache' });
    expect(await after.text()).toBe('down');
    expect(origin.seen(path)).toHaveLength(3);
  });

  it('a reload answered with no-store removes it (any final response for the URL, not only a validation)', async () => {
    const cf = await primed();
    cf.clock.advance(-2000); // fresh again: only a reload goes to the origin
    origin.reply(path, { headers: { 'cache-control': 'no-store' }, body: 'v2' });
    expect(await (await cf(url, { cache: 'reload' })).text()).toBe('v2');
    await cf.cache.settled();
    origin.reply(path, down);
    expect(await (await cf(url, { cache: 'force-cache' })).text()).toBe('down');
  });

  it('removes every variant of the URL, in the partition that was refused only', async () => {
    const session = { user: 'alice' };
    const cf = makeCachedFetch({ partition: () => session.user });
    origin.reply(path, (request) => ({
      headers: { 'cache-control': 'max-age=1', vary: 'Accept-Language', etag: '"v1"' },
      body: `${session.user} ${request.headers.get('accept-language')}`,
    }));
    for (const user of ['alice', 'bob']) {
      session.user = user;
      for (const language of ['en', 'fr']) {
        await (await cf(url, { headers: { 'accept-language': language } })).text();
      }
    }
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(4);
    cf.clock.advance(2000);
    session.user = 'alice';
    origin.reply(path, { status: 403, headers: { 'cache-control': 'no-store' }, body: 'no' });
    expect((await cf(url, { headers: { 'accept-language': 'fr' } })).status).toBe(403);
    await cf.cache.settled();
    const left = await cf.cache.entries();
    expect(left.map((entry) => entry.partition)).toEqual(['bob', 'bob']);
  });
});

describe('Range requests (RFC 9111 §3.3): a refusal removes the stored parts too', () => {
  it('a Range request answered 403 no-store removes the stored part', async () => {
    const cf = makeCachedFetch();
    const headers = { 'cache-control': 'private, max-age=1', etag: '"v1"' };
    origin.reply(path, {
      status: 206,
      headers: { ...headers, 'content-range': 'bytes 0-2/9' },
      body: 'sec',
    });
    await (await cf(url, { headers: { range: 'bytes=0-2' } })).text();
    await cf.cache.settled();
    expect((await cf.cache.entries()).map((entry) => entry.status)).toEqual([206]);
    cf.clock.advance(2000);
    origin.reply(path, { status: 403, headers: { 'cache-control': 'no-store' }, body: 'no' });
    const refused = await cf(url, { headers: { range: 'bytes=3-5' } });
    expect(refused.status).toBe(403);
    await cf.cache.settled();
    expect(await cf.cache.entries()).toEqual([]);
    const seen = origin.seen(path).length;
    const onlyCached = await cf(url, {
      headers: { range: 'bytes=0-2', 'cache-control': 'only-if-cached' },
    });
    expect(onlyCached.status).toBe(504);
    expect(origin.seen(path)).toHaveLength(seen);
  });
});

describe('what a refusal is not (decision 0019)', () => {
  it.each([
    ['503 with no-store', { status: 503, headers: { 'cache-control': 'no-store' }, body: 'x' }],
    ['500', { status: 500, body: 'x' }],
    ['429 with no-store', { status: 429, headers: { 'cache-control': 'no-store' }, body: 'x' }],
    ['408 with no-store', { status: 408, headers: { 'cache-control': 'no-store' }, body: 'x' }],
    ['a network error', { networkError: true }],
  ] as Array<[string, Reply]>)(
    '%s is transient: the stored response stays for stale-if-error and offline',
    async (_, failure) => {
      const cf = await primed();
      origin.reply(path, failure);
      await (await cf(url).catch(() => new Response())).text();
      await cf.cache.settled();
      expect(await cf.cache.entries()).toHaveLength(1);
      origin.reply(path, down);
      const standIn = await cf(url);
      expect(await standIn.text()).toBe(secret);
      expect(standIn.headers.get('cache-status')).toContain('detail="stale-if-error"');
    },
  );

  it.each([
    ['a 404 (RFC 9110 §15.1: heuristically cacheable)', 404, {}],
    ['a 410', 410, {}],
    [
      'a 403 with private, no-cache (explicitly storable)',
      403,
      { 'cache-control': 'private, no-cache' },
    ],
  ])('%s replaces the stored 200 by being stored', async (_, status, headers) => {
    const cf = await primed();
    origin.reply(path, { status, headers, body: 'gone' });
    expect((await cf(url)).status).toBe(status);
    await cf.cache.settled();
    const forced = await cf(url, { cache: 'force-cache' });
    expect([forced.status, await forced.text()]).toEqual([status, 'gone']);
    expect(origin.seen(path)).toHaveLength(2);
  });

  it('a request no-store keeps what is stored (the request refused storing, not the origin)', async () => {
    const cf = await primed();
    origin.reply(path, { headers: { 'cache-control': 'max-age=60' }, body: 'v2' });
    await (await cf(url, { headers: { 'cache-control': 'no-cache, no-store' } })).text();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(1);
  });

  it('a no-store response for a URL with nothing stored deletes nothing (no write per request)', async () => {
    const deletes: string[] = [];
    class CountingStore extends MemoryStore {
      override delete(key: string) {
        deletes.push(key);
        return super.delete(key);
      }
    }
    const cf = makeCachedFetch({ store: new CountingStore() });
    origin.reply('/live', { headers: { 'cache-control': 'no-store' }, body: 'live' });
    for (let i = 0; i < 3; i++) await (await cf(`${ORIGIN}/live`)).text();
    await cf.cache.settled();
    expect(deletes).toEqual([]);
    expect(origin.seen('/live')).toHaveLength(3);
  });
});

describe('decision 0019 for a Range request: a 206 that refuses storing', () => {
  it('removes the stored complete response it revalidated, so it never stands in later', async () => {
    const answers = [
      () => new Response('0123456789', { headers: { etag: '"a"', 'cache-control': 'max-age=0' } }),
      () =>
        new Response('01', {
          status: 206,
          headers: { 'content-range': 'bytes 0-1/10', 'cache-control': 'no-store', etag: '"b"' },
        }),
    ];
    const fetch = async () => {
      const answer = answers.shift();
      if (!answer) throw new TypeError('Failed to fetch'); // the origin is gone
      return answer();
    };
    const cf = makeCachedFetch({ fetch: fetch as typeof globalThis.fetch, offline: 'stale' });
    await (await cf(`${ORIGIN}/f`)).text();
    await cf.cache.settled();
    const part = await cf(`${ORIGIN}/f`, { headers: { range: 'bytes=0-1' } });
    expect([part.status, await part.text()]).toEqual([206, '01']);
    await cf.cache.settled();
    expect(await cf.cache.entries()).toEqual([]);
    // Offline now: nothing the origin refused comes back as a stand-in.
    await expect(cf(`${ORIGIN}/f`)).rejects.toThrow(TypeError);
  });
});
