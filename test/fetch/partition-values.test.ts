// Partition values are checked on every call (decision 0003): a partition function must return a
// non-empty string. Anything else would store under a key `clear({ partition })` cannot name (42
// is not '42'; undefined, null, objects), or in the partition of "no partition" (''), so the
// logout recipe would silently remove nothing. The request fails closed instead, as it does when
// the function throws: a TypeError naming `partition`, nothing read, stored or sent.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

const wrongValues: Array<[string, unknown, string]> = [
  ['a number', 42, '42'],
  ['undefined', undefined, 'undefined'],
  ['null', null, 'null'],
  ['an object', { user: 'alice' }, 'an object'],
  ['the empty string', '', '""'],
  ['a boolean', false, 'false'],
];

describe('a partition function returning anything but a non-empty string', () => {
  it.each(wrongValues)(
    '%s: the request rejects with a TypeError naming partition; nothing sent or stored',
    async (_, value, described) => {
      origin.reply('/data', { headers: { 'cache-control': 'max-age=60' }, body: 'd' });
      const cf = makeCachedFetch({ partition: () => value as string });
      const error = new TypeError(
        `expected options.partition() to be a non-empty string, got ${described}`,
      );
      await expect(cf(`${ORIGIN}/data`)).rejects.toThrow(error);
      await expect(cf(`${ORIGIN}/data`, { method: 'POST', body: 'x' })).rejects.toThrow(error);
      await expect(cf(`${ORIGIN}/data`, { headers: { range: 'bytes=0-0' } })).rejects.toThrow(
        error,
      );
      await expect(cf.cache.delete(`${ORIGIN}/data`)).rejects.toThrow(error);
      await cf.cache.settled();
      expect(origin.seen('/data')).toHaveLength(0);
      expect(await cf.cache.entries()).toEqual([]);
      expect((await cf.cache.stats()).entries).toBe(0);
    },
  );

  it('is checked on every call: a function that turns to returning 42 fails from then on', async () => {
    origin.reply('/me', { headers: { 'cache-control': 'private, max-age=60' }, body: 'me' });
    let user: unknown = 'alice';
    const cf = makeCachedFetch({ partition: () => user as string });
    await (await cf(`${ORIGIN}/me`)).text();
    await cf.cache.settled();
    user = 42;
    await expect(cf(`${ORIGIN}/me`)).rejects.toThrow(/options\.partition/);
    await cf.cache.settled();
    // The number was never used as a key: only alice's entry exists, and her logout removes it.
    expect((await cf.cache.entries()).map((entry) => entry.partition)).toEqual(['alice']);
    expect(await cf.cache.clear({ partition: 'alice' })).toBe(1);
    expect(await cf.cache.entries()).toEqual([]);
    expect(origin.seen('/me')).toHaveLength(1);
  });

  it('cache.revalidate(entry) sends nothing when the partition function now returns a non-string', async () => {
    origin.reply('/doc', { headers: { 'cache-control': 'max-age=60', etag: '"d"' }, body: 'doc' });
    let user: unknown = 'alice';
    const cf = makeCachedFetch({ partition: () => user as string });
    await (await cf(`${ORIGIN}/doc`)).text();
    await cf.cache.settled();
    const [entry] = await cf.cache.entries();
    user = null;
    await expect(cf.cache.revalidate(entry!)).rejects.toThrow(/options\.partition/);
    expect(origin.seen('/doc')).toHaveLength(1);
  });

  it('fails exactly as a throwing partition function does (closed: nothing sent)', async () => {
    origin.reply('/thrown', { headers: { 'cache-control': 'max-age=60' }, body: 't' });
    const cf = makeCachedFetch({
      partition: () => {
        throw new Error('no session');
      },
    });
    await expect(cf(`${ORIGIN}/thrown`)).rejects.toThrow('no session');
    await cf.cache.settled();
    expect(origin.seen('/thrown')).toHaveLength(0);
    expect(await cf.cache.entries()).toEqual([]);
  });

  it("a string such as '42' is a partition like any other, and clear names it", async () => {
    origin.reply('/n', { headers: { 'cache-control': 'max-age=60' }, body: 'n' });
    const cf = makeCachedFetch({ partition: () => '42' });
    await (await cf(`${ORIGIN}/n`)).text();
    await cf.cache.settled();
    expect(await cf.cache.clear({ partition: '42' })).toBe(1);
  });
});
