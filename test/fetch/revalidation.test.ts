// Validation and 304 handling (RFC 9111 §4.3, RFC 9110 §13, §15.4.5), end to end on msw.
import { describe, expect, it } from 'vitest';
import { httpDate, makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('RFC 9111 §4.3.1 sending a validation request', () => {
  it('adds If-None-Match with the ETag and If-Modified-Since with Last-Modified (not Date)', async () => {
    const lastModified = httpDate(Date.UTC(2025, 5, 1));
    origin.reply(
      '/v',
      {
        headers: {
          'cache-control': 'max-age=10',
          etag: 'W/"w1"',
          'last-modified': lastModified,
          date: httpDate(Date.UTC(2026, 0, 1)),
        },
        body: 'a',
      },
      { status: 304, headers: { 'cache-control': 'max-age=10' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/v`)).text();
    await cf.cache.settled();
    cf.clock.advance(11_000);
    await (await cf(`${ORIGIN}/v`)).text();
    const sent = origin.seen('/v')[1]!;
    expect(sent.headers.get('if-none-match')).toBe('W/"w1"');
    expect(sent.headers.get('if-modified-since')).toBe(lastModified);
  });

  it('keeps the request headers that the stored Vary names on the validation request', async () => {
    origin.reply(
      '/lang',
      {
        headers: { 'cache-control': 'max-age=1', etag: '"fr"', vary: 'accept-language' },
        body: 'bonjour',
      },
      { status: 304, headers: { etag: '"fr"' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/lang`, { headers: { 'accept-language': 'fr' } })).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    expect(
      await (await cf(`${ORIGIN}/lang`, { headers: { 'accept-language': 'fr' } })).text(),
    ).toBe('bonjour');
    expect(origin.seen('/lang')[1]?.headers.get('accept-language')).toBe('fr');
  });
});

describe('RFC 9111 §4.3.3 / §4.3.4 handling the validation response', () => {
  it('a 304 freshens the stored entry (pitfall 1): later requests are hits again', async () => {
    origin.reply(
      '/p1',
      { headers: { 'cache-control': 'max-age=10', etag: '"1"' }, body: 'one' },
      { status: 304, headers: { 'cache-control': 'max-age=100', etag: '"1"' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/p1`)).text();
    await cf.cache.settled();
    cf.clock.advance(11_000);
    const revalidated = await cf(`${ORIGIN}/p1`);
    expect(revalidated.status).toBe(200);
    expect(await revalidated.text()).toBe('one');
    cf.clock.advance(50_000);
    const hit = await cf(`${ORIGIN}/p1`);
    expect(hit.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=50');
    expect(hit.headers.get('age')).toBe('50');
    expect(origin.seen('/p1')).toHaveLength(2);
  });

  it('§3.2 merges the 304 headers: adds and replaces, keeps Content-Length of the stored body', async () => {
    origin.reply(
      '/merge',
      {
        headers: {
          'cache-control': 'max-age=1',
          etag: '"1"',
          'x-a': 'old',
          'x-keep': 'kept',
          'content-length': '5',
        },
        body: 'hello',
      },
      {
        status: 304,
        headers: { 'x-a': 'new', 'x-added': 'yes', 'content-length': '0', etag: '"1"' },
      },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/merge`)).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    const res = await cf(`${ORIGIN}/merge`);
    expect(res.headers.get('x-a')).toBe('new');
    expect(res.headers.get('x-added')).toBe('yes');
    expect(res.headers.get('x-keep')).toBe('kept');
    expect(res.headers.get('content-length')).toBe('5');
    expect(await res.text()).toBe('hello');
  });

  it('a 200 to a revalidation replaces the stored response and emits updated', async () => {
    origin.reply(
      '/new',
      { headers: { 'cache-control': 'max-age=1', etag: '"1"' }, body: 'old' },
      { headers: { 'cache-control': 'max-age=60', etag: '"2"' }, body: 'new' },
    );
    const cf = makeCachedFetch();
    const updates: unknown[] = [];
    cf.cache.addEventListener('updated', (event) => updates.push(event));
    await (await cf(`${ORIGIN}/new`)).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    expect(await (await cf(`${ORIGIN}/new`)).text()).toBe('new');
    await cf.cache.settled();
    expect(updates).toEqual([expect.objectContaining({ url: `${ORIGIN}/new`, background: false })]);
    expect(await (await cf(`${ORIGIN}/new`)).text()).toBe('new');
    expect(origin.seen('/new')).toHaveLength(2);
  });

  it('RFC 9110 §15.4.5 never returns a 304 to a caller who did not send a conditional request', async () => {
    origin.reply(
      '/never304',
      { headers: { 'cache-control': 'no-cache', etag: '"1"' }, body: 'body' },
      { status: 304, headers: { etag: '"1"' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/never304`)).text();
    await cf.cache.settled();
    const res = await cf(`${ORIGIN}/never304`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('body');
  });

  it("passes the caller's own conditional request through untouched and returns the raw 304", async () => {
    origin.reply(
      '/own',
      (request): Reply =>
        request.headers.get('if-none-match') === '"1"'
          ? { status: 304, headers: { etag: '"1"' } }
          : { headers: { 'cache-control': 'max-age=60', etag: '"1"' }, body: 'b' },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/own`)).text();
    await cf.cache.settled();
    const res = await cf(`${ORIGIN}/own`, { headers: { 'if-none-match': '"1"' } });
    expect(res.status).toBe(304);
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=bypass; fwd-status=304');
    expect(origin.seen('/own')).toHaveLength(2);
    expect(origin.seen('/own')[1]?.headers.get('if-none-match')).toBe('"1"');
  });

  it('§4.3.4 (lenient) a 304 without any validator freshens the response that was revalidated', async () => {
    origin.reply(
      '/bare304',
      { headers: { 'cache-control': 'max-age=1', etag: '"1"' }, body: 'one' },
      { status: 304, headers: { 'cache-control': 'max-age=30' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/bare304`)).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    const res = await cf(`${ORIGIN}/bare304`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('one');
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=stale; fwd-status=304; ttl=30');
    expect(origin.seen('/bare304')).toHaveLength(2);
  });

  it('a 304 that matches no stored validator is not used: the request is repeated without validators', async () => {
    origin.reply(
      '/mismatch',
      { headers: { 'cache-control': 'max-age=1', etag: '"1"' }, body: 'one' },
      { status: 304, headers: { etag: '"other"' } },
      { headers: { 'cache-control': 'max-age=60', etag: '"2"' }, body: 'two' },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/mismatch`)).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    expect(await (await cf(`${ORIGIN}/mismatch`)).text()).toBe('two');
    const seen = origin.seen('/mismatch');
    expect(seen).toHaveLength(3);
    expect(seen[2]?.headers.get('if-none-match')).toBeNull();
  });
});

describe('RFC 9211 §2.2 fwd parameter for revalidations', () => {
  it("a response's own no-cache is revalidated as fwd=stale (the stored response asked for it)", async () => {
    origin.reply(
      '/own-nc',
      (request): Reply =>
        request.headers.get('if-none-match') === '"a"'
          ? { status: 304, headers: { etag: '"a"', 'cache-control': 'no-cache' } }
          : { headers: { etag: '"a"', 'cache-control': 'no-cache' }, body: 'me' },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/own-nc`)).text();
    await cf.cache.settled();
    const res = await cf(`${ORIGIN}/own-nc`);
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=stale; fwd-status=304; ttl=0');
    expect(await res.text()).toBe('me');
  });
});
