// Secondary keys (RFC 9111 §4.1) and partitions, end to end on msw.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('RFC 9111 §4.1 calculating cache keys with Vary', () => {
  it('keeps several variants per URL and serves each to its own request headers', async () => {
    origin.reply('/greet', (request) => ({
      headers: { 'cache-control': 'max-age=60', vary: 'Accept-Language' },
      body: request.headers.get('accept-language') === 'fr' ? 'bonjour' : 'hello',
    }));
    const cf = makeCachedFetch();
    for (const lang of ['fr', 'en']) {
      await (await cf(`${ORIGIN}/greet`, { headers: { 'accept-language': lang } })).text();
      await cf.cache.settled();
    }
    const fr = await cf(`${ORIGIN}/greet`, { headers: { 'accept-language': 'fr' } });
    const en = await cf(`${ORIGIN}/greet`, { headers: { 'accept-language': ' en ' } });
    expect(await fr.text()).toBe('bonjour');
    expect(await en.text()).toBe('hello');
    expect(fr.headers.get('cache-status')).toContain('hit');
    expect(en.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/greet')).toHaveLength(2);
    expect((await cf.cache.stats()).entries).toBe(2);
  });

  it('a request whose headers match no stored variant is a vary-miss', async () => {
    origin.reply('/v', {
      headers: { 'cache-control': 'max-age=60', vary: 'accept' },
      body: 'json',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/v`, { headers: { accept: 'application/json' } })).text();
    await cf.cache.settled();
    const other = await cf(`${ORIGIN}/v`, { headers: { accept: 'text/html' } });
    expect(other.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=vary-miss; fwd-status=200; stored; ttl=60',
    );
  });

  it('Vary: * never matches: every request goes to the origin', async () => {
    origin.reply('/star', { headers: { 'cache-control': 'max-age=60', vary: '*' }, body: 's' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/star`)).text();
    await cf.cache.settled();
    await (await cf(`${ORIGIN}/star`)).text();
    expect(origin.seen('/star')).toHaveLength(2);
  });

  it('several Vary lines are combined', async () => {
    origin.reply('/two', (request) => ({
      headers: { 'cache-control': 'max-age=60', vary: 'accept, x-b' },
      body: `${request.headers.get('accept')}|${request.headers.get('x-b')}`,
    }));
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/two`, { headers: { accept: 'a', 'x-b': '1' } })).text();
    await cf.cache.settled();
    const sameAccept = await cf(`${ORIGIN}/two`, { headers: { accept: 'a', 'x-b': '2' } });
    expect(await sameAccept.text()).toBe('a|2');
    expect(origin.seen('/two')).toHaveLength(2);
  });
});

describe('partitions (docs/decisions/0003)', () => {
  it("never serves one partition's entry to another, even for the same URL with Authorization", async () => {
    let user = 'alice';
    origin.reply('/me', (request) => ({
      headers: { 'cache-control': 'private, max-age=60' },
      body: `profile of ${request.headers.get('authorization')}`,
    }));
    const cf = makeCachedFetch({ partition: () => user });
    await (await cf(`${ORIGIN}/me`, { headers: { authorization: 'alice' } })).text();
    await cf.cache.settled();
    user = 'bob';
    const bob = await cf(`${ORIGIN}/me`, { headers: { authorization: 'bob' } });
    expect(await bob.text()).toBe('profile of bob');
    await cf.cache.settled();
    user = 'alice';
    const alice = await cf(`${ORIGIN}/me`, { headers: { authorization: 'alice' } });
    expect(await alice.text()).toBe('profile of alice');
    expect(alice.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/me')).toHaveLength(2);
  });

  it('cache.clear({ partition }) removes one user’s data and keeps the others (logout)', async () => {
    let user = 'alice';
    origin.reply('/data', { headers: { 'cache-control': 'max-age=60' }, body: 'd' });
    const cf = makeCachedFetch({ partition: () => user });
    await (await cf(`${ORIGIN}/data`)).text();
    await cf.cache.settled();
    user = 'bob';
    await (await cf(`${ORIGIN}/data`)).text();
    await cf.cache.settled();
    expect(await cf.cache.clear({ partition: 'alice' })).toBe(1);
    expect((await cf(`${ORIGIN}/data`)).headers.get('cache-status')).toContain('hit');
    user = 'alice';
    expect((await cf(`${ORIGIN}/data`)).headers.get('cache-status')).toContain('uri-miss');
  });
});
