// Issue 23 end to end against a real node:http origin: a write answered with
// Cache-Group-Invalidation (RFC 9875 §3) makes the group's members revalidate (a conditional
// request, a 304, no body); cache.invalidate() does the same by URL (decision 0025).
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

describe('Cache Groups and invalidate() against a node:http origin', () => {
  it('a POST with Cache-Group-Invalidation: the members are revalidated, answered by 304s', async () => {
    const o = origin();
    const list = o.path('products');
    const summary = o.path('summary');
    const unrelated = o.path('users');
    const write = o.path('create');
    const member = (etag: string, groups: string) => ({
      headers: { 'cache-control': 'max-age=600', etag, 'cache-groups': groups },
      body: `body of ${etag}`,
      conditional: true,
    });
    await o.script(list, member('"l1"', '"products"'));
    await o.script(summary, member('"s1"', '"products", "summaries"'));
    await o.script(unrelated, member('"u1"', '"users"'));
    await o.script(write, {
      status: 201,
      headers: { 'cache-group-invalidation': '"products"' },
      body: 'created',
    });
    const cf = cachedFetchFor({ now: fixedClock().now });
    const read = async (path: string) => {
      const response = await cf(o.url + path);
      const body = await response.text();
      await cf.cache.settled();
      return { body, status: response.headers.get('cache-status') };
    };
    for (const path of [list, summary, unrelated]) await read(path);
    const entries = await cf.cache.entries();
    expect(entries.find((e) => e.requestUrl === o.url + summary)?.groups).toEqual([
      'products',
      'summaries',
    ]);

    const created = await cf(o.url + write, { method: 'POST', body: '{"name":"new"}' });
    expect(created.status).toBe(201);
    await created.text();

    const after = await read(list);
    expect(after.body).toBe('body of "l1"');
    expect(after.status).toBe('cached-fetch; fwd=stale; fwd-status=304; ttl=600');
    expect((await read(summary)).status).toContain('fwd-status=304');
    expect((await read(unrelated)).status).toContain('hit');
    const inm = async (path: string) =>
      (await o.log(path)).map((seen) => seen.headers['if-none-match'] ?? null);
    expect(await inm(list)).toEqual([null, '"l1"']);
    expect(await inm(summary)).toEqual([null, '"s1"']);
    expect(await inm(unrelated)).toEqual([null]);
    expect((await o.log(write)).map((seen) => seen.method)).toEqual(['POST']);

    // Validated: hits again; then invalidate() by URL makes the next use conditional once more.
    expect((await read(list)).status).toContain('hit');
    expect(await cf.cache.invalidate({ url: o.url + list })).toBe(1);
    expect((await read(list)).status).toContain('fwd-status=304');
    expect(await inm(list)).toEqual([null, '"l1"', '"l1"']);
    await cf.cache.close();
  });
});
