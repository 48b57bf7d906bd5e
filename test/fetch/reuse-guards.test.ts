// Guards an independent review found missing (each test failed before its fix): a response never
// lands in, or is served to, a request it does not belong to.
import { describe, expect, it, vi } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('partitions: cache.revalidate(entry)', () => {
  it("revalidating alice's entry while bob is signed in rejects and stores nothing of bob's as hers", async () => {
    let user = 'alice'; // ambient credentials (a cookie the page cannot see)
    origin.reply('/me', () => ({
      headers: { 'cache-control': 'max-age=600', etag: `"${user}"` },
      body: `profile of ${user}`,
    }));
    const cf = makeCachedFetch({ partition: () => user });
    await (await cf(`${ORIGIN}/me`)).text();
    await cf.cache.settled();
    user = 'bob';
    await (await cf(`${ORIGIN}/me`)).text();
    await cf.cache.settled();
    const alice = (await cf.cache.entries({ partition: 'alice' }))[0]!;
    await expect(cf.cache.revalidate(alice)).rejects.toThrow(TypeError);
    expect(origin.seen('/me')).toHaveLength(2);
    user = 'alice';
    expect(await (await cf(`${ORIGIN}/me`)).text()).toBe('profile of alice');
  });
});

describe('RFC 9110 §9.3.3, §8.7: a POST response answers later GETs only when it may', () => {
  const postThenGet = (post: Reply) =>
    origin.reply('/doc', (request) =>
      request.method === 'POST'
        ? post
        : { headers: { 'cache-control': 'max-age=600' }, body: 'from-get' },
    );

  it('a 500 to a POST (Content-Location = target, max-age) does not replace the stored GET', async () => {
    postThenGet({
      status: 500,
      headers: { 'cache-control': 'max-age=600', 'content-location': '/doc' },
      body: 'post-error',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/doc`)).text();
    await cf.cache.settled();
    await (await cf(`${ORIGIN}/doc`, { method: 'POST', body: 'x' })).text();
    await cf.cache.settled();
    const get = await cf(`${ORIGIN}/doc`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('from-get');
  });

  it('a POST in cache mode no-store is not stored for later GETs', async () => {
    postThenGet({
      headers: { 'cache-control': 'max-age=600', 'content-location': '/doc' },
      body: 'from-post',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/doc`, { method: 'POST', body: 'x', cache: 'no-store' })).text();
    await cf.cache.settled();
    expect(await (await cf(`${ORIGIN}/doc`)).text()).toBe('from-get');
  });
});

describe('RFC 9110 §12.5.4 Accept-Language: ranges of equal weight keep their order', () => {
  it('`en, fr` is not answered with what `fr, en` stored (servers break ties by order)', async () => {
    // Like the `negotiator` package (Express): equal weights go by the order they were sent in.
    origin.reply('/greeting', (request) => {
      const first = (request.headers.get('accept-language') ?? 'en').split(',')[0]!.trim();
      return {
        headers: {
          'cache-control': 'max-age=600',
          vary: 'Accept-Language',
          'content-language': first,
        },
        body: first === 'fr' ? 'bonjour' : 'hello',
      };
    });
    const cf = makeCachedFetch();
    const fr = await cf(`${ORIGIN}/greeting`, { headers: { 'accept-language': 'fr, en' } });
    expect(await fr.text()).toBe('bonjour');
    await cf.cache.settled();
    const en = await cf(`${ORIGIN}/greeting`, { headers: { 'accept-language': 'en, fr' } });
    expect(await en.text()).toBe('hello');
    expect(origin.seen('/greeting')).toHaveLength(2);
  });
});

describe('RFC 9111 §5.2.1.4 networkTimeout never answers a request that demands validation', () => {
  it('cache mode no-cache waits for the slow origin instead of a stand-in', async () => {
    let release!: (reply: Reply) => void;
    const held = new Promise<Reply>((resolve) => {
      release = resolve;
    });
    origin.reply(
      '/slow',
      { headers: { 'cache-control': 'max-age=10, stale-if-error=600', etag: '"v1"' }, body: 'v1' },
      () => held,
    );
    const cf = makeCachedFetch({ networkTimeout: 20 });
    await (await cf(`${ORIGIN}/slow`)).text();
    await cf.cache.settled();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = cf(`${ORIGIN}/slow`, { cache: 'no-cache' });
      await origin.arrived('/slow', 2);
      await vi.advanceTimersByTimeAsync(200); // ten times the networkTimeout
      release({ headers: { 'cache-control': 'max-age=10', etag: '"v2"' }, body: 'v2' });
      const res = await pending;
      expect(await res.text()).toBe('v2');
    } finally {
      vi.useRealTimers();
    }
  });
});
