// Issue 23: invalidation means "must revalidate" (RFC 9111 §4.4 allows removing or marking; decision
// 0025): an invalidated entry with a validator is kept and its next use is a conditional request
// (a 304 costs no body); one without is removed. §4.4 reaches every partition of the URL, and a
// response's Cache-Group-Invalidation (RFC 9875 §3) every member of its groups of the same origin.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

/** A resource with an ETag: 200 to an unconditional GET, 304 to If-None-Match with its tag. */
function withEtag(body: string, groups?: string) {
  return (request: Request): Reply => {
    const headers: Record<string, string> = { 'cache-control': 'max-age=600', etag: '"v1"' };
    if (groups) headers['cache-groups'] = groups;
    if (request.headers.get('if-none-match') === '"v1"') return { status: 304, headers };
    return { headers, body };
  };
}

async function get(cf: ReturnType<typeof makeCachedFetch>, url: string, init?: RequestInit) {
  const response = await cf(url, init);
  const body = await response.text();
  await cf.cache.settled();
  return { status: response.status, body, cacheStatus: response.headers.get('cache-status') };
}

/** What the origin saw for a path: method and whether it was conditional. */
function seenAt(path: string) {
  return origin
    .seen(path)
    .map((r) => `${r.method}${r.headers.get('if-none-match') ? ' conditional' : ''}`);
}

describe('invalidation keeps an entry with a validator and revalidates it (decision 0025)', () => {
  it('after a POST, the next GET is conditional and a 304 serves the stored body', async () => {
    origin.reply('/item', withEtag('item body'));
    origin.reply('/item/edit', { status: 204 });
    const cf = makeCachedFetch();
    await get(cf, `${ORIGIN}/item`);
    expect((await get(cf, `${ORIGIN}/item`)).cacheStatus).toContain('hit');
    // A POST to the same URI: RFC 9111 §4.4 invalidates it.
    await (await cf(`${ORIGIN}/item`, { method: 'POST', body: 'x' })).text();
    expect(await cf.cache.entries()).toHaveLength(1);
    const after = await get(cf, `${ORIGIN}/item`);
    expect(after.body).toBe('item body');
    expect(after.cacheStatus).toContain('fwd=stale');
    expect(after.cacheStatus).toContain('fwd-status=304');
    expect(seenAt('/item')).toEqual(['GET', 'POST', 'GET conditional']);
    // Validated: reused again without the origin.
    expect((await get(cf, `${ORIGIN}/item`)).cacheStatus).toContain('hit');
    expect(seenAt('/item')).toHaveLength(3);
  });

  it('an entry without a validator is removed: the next GET is unconditional', async () => {
    origin.reply('/plain', (request) =>
      request.method === 'GET'
        ? { headers: { 'cache-control': 'max-age=600' }, body: 'plain' }
        : { status: 204 },
    );
    const cf = makeCachedFetch();
    await get(cf, `${ORIGIN}/plain`);
    await (await cf(`${ORIGIN}/plain`, { method: 'PUT', body: 'x' })).text();
    expect(await cf.cache.entries()).toEqual([]);
    expect((await get(cf, `${ORIGIN}/plain`)).cacheStatus).toContain('fwd=uri-miss');
    expect(seenAt('/plain')).toEqual(['GET', 'PUT', 'GET']);
  });

  it('even force-cache and a fresh immutable response revalidate an invalidated entry', async () => {
    origin.reply('/immutable', (request) => {
      const headers = { 'cache-control': 'max-age=600, immutable', etag: '"i"' };
      if (request.method !== 'GET') return { status: 204 };
      if (request.headers.get('if-none-match') === '"i"') return { status: 304, headers };
      return { headers, body: 'immutable' };
    });
    const cf = makeCachedFetch();
    await get(cf, `${ORIGIN}/immutable`);
    await (await cf(`${ORIGIN}/immutable`, { method: 'DELETE' })).text();
    const after = await get(cf, `${ORIGIN}/immutable`, { cache: 'force-cache' });
    expect(after.body).toBe('immutable');
    expect(origin.seen('/immutable').map((r) => r.headers.get('if-none-match'))).toEqual([
      null,
      null,
      '"i"',
    ]);
  });

  it('§4.4 reaches the URL in every partition: another user revalidates too', async () => {
    origin.reply('/shared', withEtag('shared'));
    let user = 'alice';
    const cf = makeCachedFetch({ partition: () => user });
    await get(cf, `${ORIGIN}/shared`);
    user = 'bob';
    await get(cf, `${ORIGIN}/shared`);
    user = 'alice';
    await (await cf(`${ORIGIN}/shared`, { method: 'POST', body: 'x' })).text();
    user = 'bob';
    const bob = await get(cf, `${ORIGIN}/shared`);
    expect(bob.body).toBe('shared');
    expect(bob.cacheStatus).toContain('fwd-status=304');
    expect(seenAt('/shared')).toEqual(['GET', 'GET', 'POST', 'GET conditional']);
  });

  it('cache.delete() still removes (an explicit removal), with reason delete', async () => {
    origin.reply('/gone', withEtag('gone'));
    const cf = makeCachedFetch();
    const events: unknown[] = [];
    cf.cache.addEventListener('invalidated', (event) => events.push(event));
    await get(cf, `${ORIGIN}/gone`);
    expect(await cf.cache.delete(`${ORIGIN}/gone`)).toBe(1);
    expect(await cf.cache.entries()).toEqual([]);
    expect(events).toEqual([{ urls: [`${ORIGIN}/gone`], remote: false, reason: 'delete' }]);
  });
});

describe('RFC 9875 Cache Groups', () => {
  it('a POST answered with Cache-Group-Invalidation revalidates every member of the group', async () => {
    origin.reply('/products', withEtag('list', '"products"'));
    origin.reply('/products/summary', withEtag('summary', '"products", "summaries"'));
    origin.reply('/users', withEtag('users', '"users"'));
    origin.reply('/products/new', {
      status: 201,
      headers: { 'cache-group-invalidation': '"products"' },
    });
    const cf = makeCachedFetch();
    const events: unknown[] = [];
    cf.cache.addEventListener('invalidated', (event) => events.push(event));
    for (const path of ['/products', '/products/summary', '/users']) {
      await get(cf, `${ORIGIN}${path}`);
    }
    const listed = await cf.cache.entries();
    expect(listed.map((e) => [e.url, e.groups]).sort()).toEqual([
      [`${ORIGIN}/products`, ['products']],
      [`${ORIGIN}/products/summary`, ['products', 'summaries']],
      [`${ORIGIN}/users`, ['users']],
    ]);
    await (await cf(`${ORIGIN}/products/new`, { method: 'POST', body: '{}' })).text();
    expect(events).toContainEqual({
      urls: expect.arrayContaining([`${ORIGIN}/products`, `${ORIGIN}/products/summary`]),
      remote: false,
      reason: 'cache-groups',
    });
    for (const path of ['/products', '/products/summary', '/users']) {
      await get(cf, `${ORIGIN}${path}`);
    }
    expect(seenAt('/products')).toEqual(['GET', 'GET conditional']);
    expect(seenAt('/products/summary')).toEqual(['GET', 'GET conditional']);
    expect(seenAt('/users')).toEqual(['GET']);
    // The groups survive the 304.
    const after = await cf.cache.entries();
    expect(after.find((e) => e.url === `${ORIGIN}/products`)?.groups).toEqual(['products']);
  });

  it('groups are scoped to their origin, and ignored on a safe method or an error', async () => {
    const other = 'https://other.test';
    origin.reply('/a', withEtag('a', '"g"'));
    origin.reply(`${other}/b`, withEtag('b', '"g"'));
    origin.reply('/safe', { headers: { 'cache-group-invalidation': '"g"' }, body: 'safe' });
    origin.reply('/failed', { status: 500, headers: { 'cache-group-invalidation': '"g"' } });
    origin.reply('/write', { status: 200, headers: { 'cache-group-invalidation': '"g"' } });
    const cf = makeCachedFetch();
    await get(cf, `${ORIGIN}/a`);
    await get(cf, `${other}/b`);
    await get(cf, `${ORIGIN}/safe`); // a GET: ignored (RFC 9875 §3)
    await (await cf(`${ORIGIN}/failed`, { method: 'POST' })).text(); // an error: ignored
    await get(cf, `${ORIGIN}/a`);
    expect(seenAt('/a')).toEqual(['GET']);
    await (await cf(`${ORIGIN}/write`, { method: 'POST' })).text();
    await cf.cache.settled();
    await get(cf, `${ORIGIN}/a`);
    await get(cf, `${other}/b`);
    expect(seenAt('/a')).toEqual(['GET', 'GET conditional']);
    // Same group name, another origin: not its group.
    expect(origin.seen('/b')).toHaveLength(1);
  });
});
