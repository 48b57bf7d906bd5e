// RFC 9111 §4.2.2: the opt-in heuristicFreshness option gives responses without explicit expiry a
// lifetime; it never overrides max-age, Expires, no-cache or no-store, and Cache-Status says so.
import { describe, expect, it } from 'vitest';
import { createCachedFetch } from '../../src/index';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/plain`;

type Options = Parameters<typeof makeCachedFetch>[0];

/** Two requests 10 s apart for a response with `headers`; returns the second response. */
async function twice(headers: Record<string, string>, options: Options) {
  origin.reply('/plain', { headers, body: 'plain' });
  const cf = makeCachedFetch(options);
  await (await cf(url)).text();
  await cf.cache.settled();
  cf.clock.advance(10_000);
  const second = await cf(url);
  await second.text();
  return { cf, second };
}

describe('RFC 9111 §4.2.2 heuristicFreshness', () => {
  it('is off by default: a response with no caching headers is not reused', async () => {
    await twice({}, {});
    expect(origin.seen('/plain')).toHaveLength(2);
  });

  it('a number of seconds makes it fresh that long, reported as detail="heuristic"', async () => {
    const { cf, second } = await twice({}, { heuristicFreshness: 300 });
    expect(second.headers.get('cache-status')).toBe(
      'cached-fetch; hit; ttl=290; detail="heuristic"',
    );
    expect(origin.seen('/plain')).toHaveLength(1);
    cf.clock.advance(291_000);
    await (await cf(url)).text();
    expect(origin.seen('/plain')).toHaveLength(2);
  });

  it.each<[string, Record<string, string>]>([
    ['max-age=0', { 'cache-control': 'max-age=0' }],
    ['an Expires in the past', { expires: 'Thu, 01 Jan 1970 00:00:00 GMT' }],
    ['no-cache', { 'cache-control': 'no-cache' }],
    ['no-store', { 'cache-control': 'no-store' }],
  ])('§4.2.1, §5.2.2: never overrides %s', async (_name, headers) => {
    await twice(headers, { heuristicFreshness: 300 });
    expect(origin.seen('/plain')).toHaveLength(2);
  });

  it('a function of the response head chooses per response; undefined keeps the built-in heuristic', async () => {
    const seen: string[] = [];
    const heuristicFreshness = (response: Response) => {
      seen.push(`${response.status} ${response.url} ${response.headers.get('x-kind')}`);
      return response.headers.get('x-kind') === 'catalog' ? 60 : undefined;
    };
    const { second } = await twice({ 'x-kind': 'catalog' }, { heuristicFreshness });
    expect(second.headers.get('cache-status')).toBe(
      'cached-fetch; hit; ttl=50; detail="heuristic"',
    );
    expect(seen).toEqual([`200 ${url} catalog`]);
  });

  it('§4.3.4: a 304 without explicit expiry keeps the heuristic lifetime', async () => {
    origin.reply(
      '/plain',
      { headers: { etag: '"p"' }, body: 'plain' },
      (request): Reply =>
        request.headers.get('if-none-match') === '"p"'
          ? { status: 304, headers: { etag: '"p"' } }
          : { status: 500 },
    );
    const cf = makeCachedFetch({ heuristicFreshness: 30 });
    await (await cf(url)).text();
    await cf.cache.settled();
    cf.clock.advance(40_000);
    const revalidated = await cf(url);
    expect(revalidated.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=304; ttl=30',
    );
    cf.clock.advance(10_000);
    const hit = await cf(url);
    expect(hit.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=20; detail="heuristic"');
    expect(origin.seen('/plain')).toHaveLength(2);
  });

  it.each([-1, 1.5, '60', null])(
    'heuristicFreshness %j throws a TypeError naming the option',
    (value) => {
      expect(() => createCachedFetch({ heuristicFreshness: value as number })).toThrow(
        /options\.heuristicFreshness/,
      );
    },
  );

  it('a function that throws never fails the request: the response is served and stored as without the option, and an error event says why', async () => {
    origin.reply('/plain', {
      headers: { 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' },
      body: 'plain',
    });
    const cf = makeCachedFetch({
      heuristicFreshness: () => {
        throw new Error('a bug in the app');
      },
    });
    const errors: { operation: string }[] = [];
    cf.cache.addEventListener('error', (event) => errors.push(event));
    const first = await cf(url);
    expect(await first.text()).toBe('plain');
    await cf.cache.settled();
    expect(errors.map((event) => event.operation)).toContain('heuristicFreshness');
    // Stored all the same, fresh by the built-in heuristic (10% of its Last-Modified age).
    const second = await cf(url);
    await second.text();
    expect(second.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    expect(origin.seen('/plain')).toHaveLength(1);
  });
});
