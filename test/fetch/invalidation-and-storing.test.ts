// Invalidation (RFC 9111 §4.4), what is stored (§3), HEAD (§4.3.5), end to end on msw.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

async function stored(cf: ReturnType<typeof makeCachedFetch>, path: string) {
  await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
}

describe('RFC 9111 §4.4 invalidating stored responses', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
    'a 2xx to %s removes the stored response for the URI',
    async (method) => {
      origin.reply('/item', (request) =>
        request.method === 'GET'
          ? { headers: { 'cache-control': 'max-age=60' }, body: 'item' }
          : { status: 204 },
      );
      const cf = makeCachedFetch();
      const invalidated: unknown[] = [];
      cf.cache.addEventListener('invalidated', (event) => invalidated.push(event));
      await stored(cf, '/item');
      const res = await cf(`${ORIGIN}/item`, { method, body: method === 'DELETE' ? null : 'x' });
      expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=method; fwd-status=204');
      expect(invalidated).toEqual([
        { urls: [`${ORIGIN}/item`], remote: false, reason: 'unsafe-request' },
      ]);
      expect((await cf(`${ORIGIN}/item`)).headers.get('cache-status')).toContain('uri-miss');
      expect(origin.seen('/item').map((r) => r.method)).toEqual(['GET', method, 'GET']);
    },
  );

  it('also removes same-origin Location and Content-Location targets, not cross-origin ones', async () => {
    origin.reply('/list', { headers: { 'cache-control': 'max-age=60' }, body: 'list' });
    origin.reply('/list/7', { headers: { 'cache-control': 'max-age=60' }, body: 'seven' });
    origin.reply('/create', {
      status: 201,
      headers: { location: '/list/7', 'content-location': '/list' },
    });
    const cf = makeCachedFetch();
    await stored(cf, '/list');
    await stored(cf, '/list/7');
    await cf(`${ORIGIN}/create`, { method: 'POST', body: '{}' });
    expect((await cf(`${ORIGIN}/list`)).headers.get('cache-status')).toContain('uri-miss');
    expect((await cf(`${ORIGIN}/list/7`)).headers.get('cache-status')).toContain('uri-miss');
  });

  it('an error response to an unsafe method invalidates nothing', async () => {
    origin.reply('/keep', (request) =>
      request.method === 'GET'
        ? { headers: { 'cache-control': 'max-age=60' }, body: 'k' }
        : { status: 500 },
    );
    const cf = makeCachedFetch();
    await stored(cf, '/keep');
    await cf(`${ORIGIN}/keep`, { method: 'POST', body: 'x' });
    expect((await cf(`${ORIGIN}/keep`)).headers.get('cache-status')).toContain('hit');
  });
});

describe('RFC 9111 §3 storing responses', () => {
  it.each([
    ['no-store in the response', { 'cache-control': 'no-store, max-age=60' }, 200],
    ['no explicit freshness and a status that is not heuristically cacheable', {}, 403],
    ['a 206 partial response', { 'cache-control': 'max-age=60' }, 206],
  ])('does not store %s', async (_name, headers, status) => {
    origin.reply('/s', { status, headers, body: 'x' });
    const cf = makeCachedFetch();
    await stored(cf, '/s');
    expect((await cf.cache.stats()).entries).toBe(0);
  });

  it('§3.1 drops hop-by-hop fields and those Connection lists before storing', async () => {
    origin.reply('/hop', {
      headers: {
        'cache-control': 'max-age=60',
        connection: 'x-private',
        'x-private': 'p',
        'keep-alive': 'timeout=5',
        'x-end': 'e',
      },
      body: 'b',
    });
    const cf = makeCachedFetch();
    await stored(cf, '/hop');
    const hit = await cf(`${ORIGIN}/hop`);
    expect(hit.headers.get('x-end')).toBe('e');
    expect(hit.headers.get('x-private')).toBeNull();
    expect(hit.headers.get('keep-alive')).toBeNull();
  });

  it('§4.2.2 stores a heuristically cacheable 404 with Last-Modified and serves it while fresh', async () => {
    const now = Date.UTC(2026, 0, 1);
    origin.reply('/gone', {
      status: 404,
      headers: {
        date: new Date(now).toUTCString(),
        'last-modified': new Date(now - 100_000_000).toUTCString(),
      },
      body: 'nope',
    });
    const cf = makeCachedFetch();
    await stored(cf, '/gone');
    const hit = await cf(`${ORIGIN}/gone`);
    expect(hit.status).toBe(404);
    expect(hit.headers.get('cache-status')).toBe(
      'cached-fetch; hit; ttl=10000; detail="heuristic"',
    );
  });

  it('responses with no-cache are stored but revalidated before every use', async () => {
    origin.reply(
      '/nc',
      (request): Reply =>
        request.headers.get('if-none-match')
          ? { status: 304, headers: { etag: '"n"' } }
          : { headers: { 'cache-control': 'no-cache', etag: '"n"' }, body: 'nc' },
    );
    const cf = makeCachedFetch();
    await stored(cf, '/nc');
    expect(await (await cf(`${ORIGIN}/nc`)).text()).toBe('nc');
    expect(origin.seen('/nc')[1]?.headers.get('if-none-match')).toBe('"n"');
  });
});

describe('RFC 9111 §4.3.5 HEAD', () => {
  it('answers a HEAD from a fresh stored GET: headers, no body, no network', async () => {
    origin.reply('/h', { headers: { 'cache-control': 'max-age=60', 'x-h': '1' }, body: 'body' });
    const cf = makeCachedFetch();
    await stored(cf, '/h');
    const head = await cf(`${ORIGIN}/h`, { method: 'HEAD' });
    expect(head.headers.get('x-h')).toBe('1');
    expect(head.body).toBeNull();
    expect(origin.seen('/h')).toHaveLength(1);
  });

  it('a HEAD miss is not stored as a GET', async () => {
    origin.reply('/h2', { headers: { 'cache-control': 'max-age=60' }, body: null });
    const cf = makeCachedFetch();
    await cf(`${ORIGIN}/h2`, { method: 'HEAD' });
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(0);
  });
});
