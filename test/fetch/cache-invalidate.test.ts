// cache.invalidate(filter) (issue 23, decision 0025): by url, prefix, group or predicate, in one
// partition or explicitly all; entries with a validator are revalidated on next use (a 304), others
// removed; a wrong filter throws a TypeError naming it and touches nothing.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

function withEtag(body: string, groups?: string) {
  return (request: Request): Reply => {
    const headers: Record<string, string> = { 'cache-control': 'max-age=600', etag: `"${body}"` };
    if (groups) headers['cache-groups'] = groups;
    if (request.headers.get('if-none-match') === `"${body}"`) return { status: 304, headers };
    return { headers, body };
  };
}

async function get(cf: ReturnType<typeof makeCachedFetch>, path: string) {
  const response = await cf(`${ORIGIN}${path}`);
  await response.text();
  await cf.cache.settled();
  return response.headers.get('cache-status') ?? '';
}

const conditional = (path: string) =>
  origin.seen(path).map((r) => r.headers.get('if-none-match') !== null);

describe('cache.invalidate()', () => {
  it('by url, prefix, group and predicate: the next use revalidates, answered by a 304', async () => {
    for (const path of ['/api/a', '/api/b', '/other', '/tagged']) {
      origin.reply(
        path,
        withEtag(path.slice(1).replace('/', '-'), path === '/tagged' ? '"t"' : undefined),
      );
    }
    const cf = makeCachedFetch();
    const events: unknown[] = [];
    cf.cache.addEventListener('invalidated', (event) => events.push(event));
    for (const path of ['/api/a', '/api/b', '/other', '/tagged']) await get(cf, path);

    expect(await cf.cache.invalidate({ url: `${ORIGIN}/other` })).toBe(1);
    expect(events).toEqual([{ urls: [`${ORIGIN}/other`], remote: false, reason: 'invalidate' }]);
    expect(
      (await cf.cache.entries()).find((e) => e.requestUrl === `${ORIGIN}/other`)?.invalidated,
    ).toBe(true);
    expect(await get(cf, '/other')).toContain('fwd-status=304');
    expect(conditional('/other')).toEqual([false, true]);

    expect(await cf.cache.invalidate({ prefix: `${ORIGIN}/api/`, partition: '' })).toBe(2);
    await get(cf, '/api/a');
    await get(cf, '/api/b');
    expect(conditional('/api/a')).toEqual([false, true]);
    expect(conditional('/api/b')).toEqual([false, true]);

    expect(await cf.cache.invalidate({ group: 't', allPartitions: true })).toBe(1);
    const where = (e: { requestUrl: string }) => e.requestUrl.endsWith('/api/a');
    expect(await cf.cache.invalidate({ where, allPartitions: true })).toBe(1);
    await get(cf, '/tagged');
    await get(cf, '/api/a');
    await get(cf, '/api/b'); // not named: a hit
    expect(conditional('/tagged')).toEqual([false, true]);
    expect(conditional('/api/a')).toEqual([false, true, true]);
    expect(conditional('/api/b')).toEqual([false, true]);
  });

  it('one partition, or all of them only when asked', async () => {
    origin.reply('/me', withEtag('me'));
    let user = 'alice';
    const cf = makeCachedFetch({ partition: () => user });
    await get(cf, '/me');
    user = 'bob';
    await get(cf, '/me');
    expect(await cf.cache.invalidate({ url: `${ORIGIN}/me`, partition: 'alice' })).toBe(1);
    expect(await get(cf, '/me')).toContain('hit'); // bob's untouched
    expect(await cf.cache.invalidate({ url: `${ORIGIN}/me`, allPartitions: true })).toBe(2);
    const listed = await cf.cache.entries();
    expect(listed.map((e) => e.invalidated)).toEqual([true, true]);
  });

  it('an entry without a validator is removed', async () => {
    origin.reply('/plain', { headers: { 'cache-control': 'max-age=600' }, body: 'plain' });
    const cf = makeCachedFetch();
    await get(cf, '/plain');
    expect(await cf.cache.invalidate({ url: `${ORIGIN}/plain` })).toBe(1);
    expect(await cf.cache.entries()).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['no filter', undefined, /expected filter to be an object/],
    ['a string', `${ORIGIN}/x`, /expected filter to be an object/],
    ['no target', { partition: '' }, /exactly one of url, prefix, group or where/],
    ['two targets', { url: `${ORIGIN}/x`, group: 'g', allPartitions: true }, /exactly one/],
    ['an unknown field', { url: `${ORIGIN}/x`, partitions: 'a' }, /filter\.partitions/],
    ['a relative url', { url: '/x' }, /filter\.url to be an absolute URL/],
    [
      'an empty prefix',
      { prefix: '', allPartitions: true },
      /filter\.prefix to be a non-empty string/,
    ],
    ['a group without a scope', { group: 'g' }, /name a partition, or allPartitions: true/],
    ['where not a function', { where: true, partition: '' }, /filter\.where to be a function/],
    [
      'allPartitions false',
      { url: `${ORIGIN}/x`, allPartitions: false },
      /filter\.allPartitions to be true/,
    ],
    ['both scopes', { prefix: 'h', partition: '', allPartitions: true }, /not both/],
    ['a number partition', { prefix: 'h', partition: 7 }, /filter\.partition to be a string/],
  ])('%s: TypeError naming it, nothing invalidated', async (_, filter, message) => {
    origin.reply('/kept', withEtag('kept'));
    const cf = makeCachedFetch();
    await get(cf, '/kept');
    // biome-ignore lint/suspicious/noExplicitAny: wrong arguments on purpose
    await expect(cf.cache.invalidate(filter as any)).rejects.toThrow(TypeError);
    // biome-ignore lint/suspicious/noExplicitAny: wrong arguments on purpose
    await expect(cf.cache.invalidate(filter as any)).rejects.toThrow(message);
    expect((await cf.cache.entries()).map((e) => e.invalidated)).toEqual([false]);
    expect(await get(cf, '/kept')).toContain('hit');
  });

  it('a predicate that throws rejects with its error and touches nothing', async () => {
    origin.reply('/a', withEtag('a'));
    origin.reply('/b', withEtag('b'));
    const cf = makeCachedFetch();
    await get(cf, '/a');
    await get(cf, '/b');
    const boom = new Error('boom');
    let calls = 0;
    const where = () => {
      calls += 1;
      if (calls === 2) throw boom;
      return true;
    };
    await expect(cf.cache.invalidate({ where, allPartitions: true })).rejects.toBe(boom);
    expect((await cf.cache.entries()).map((e) => e.invalidated)).toEqual([false, false]);
  });
});
