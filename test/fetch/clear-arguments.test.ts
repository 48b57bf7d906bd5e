// Decision 0003: clear() with no argument is the only "everything". A wrong argument throws a
// TypeError naming it and removes nothing; delete() takes the partition explicitly.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

async function twoUsers() {
  origin.reply('/me', (request) => ({
    headers: { 'cache-control': 'private, max-age=60' },
    body: `me for ${request.headers.get('x-user')}`,
  }));
  // A partition function returns a non-empty string (decision 0003): 'anonymous' without x-user.
  const cf = makeCachedFetch({
    partition: (request) => request.headers.get('x-user') ?? 'anonymous',
  });
  for (const user of ['alice', 'bob']) {
    await (await cf(`${ORIGIN}/me`, { headers: { 'x-user': user } })).text();
  }
  await cf.cache.settled();
  expect((await cf.cache.stats()).entries).toBe(2);
  return cf;
}

describe('cache.clear() arguments', () => {
  it.each([
    ['a bare string', ['alice'], /expected filter to be \{ partition: string \}.*got "alice"/],
    ['{ partition: undefined }', [{ partition: undefined }], /filter\.partition.*got undefined/],
    ['{ partition: 42 }', [{ partition: 42 }], /filter\.partition to be a string, got 42/],
    ['{}', [{}], /filter\.partition/],
    ['undefined', [undefined], /expected filter/],
    ['null', [null], /expected filter.*got null/],
  ])(
    '%s throws a TypeError naming the argument and removes nothing',
    async (_name, args, message) => {
      const cf = await twoUsers();
      const clear = cf.cache.clear as (...args: unknown[]) => Promise<number>;
      await expect(clear(...args)).rejects.toThrow(TypeError);
      await expect(clear(...args)).rejects.toThrow(message);
      expect((await cf.cache.entries()).map((entry) => entry.partition).sort()).toEqual([
        'alice',
        'bob',
      ]);
      // What the origin saw: nothing new, both users are still served from storage.
      for (const user of ['alice', 'bob']) {
        const res = await cf(`${ORIGIN}/me`, { headers: { 'x-user': user } });
        expect(await res.text()).toBe(`me for ${user}`);
      }
      expect(origin.seen('/me')).toHaveLength(2);
    },
  );

  it('clear({ partition }) removes that partition only; clear() removes everything', async () => {
    const cf = await twoUsers();
    expect(await cf.cache.clear({ partition: 'alice' })).toBe(1);
    expect((await cf.cache.entries()).map((entry) => entry.partition)).toEqual(['bob']);
    expect(await cf.cache.clear()).toBe(1);
    expect(await cf.cache.entries()).toEqual([]);
  });
});

describe('cache.entries() arguments: a read', () => {
  it('entries(undefined) lists every partition, as entries() does (its type allows it)', async () => {
    const cf = await twoUsers();
    const all = (await cf.cache.entries()).map((entry) => entry.partition).sort();
    expect(all).toEqual(['alice', 'bob']);
    const filter: { partition: string } | undefined = undefined;
    expect((await cf.cache.entries(filter)).map((entry) => entry.partition).sort()).toEqual(all);
    expect((await cf.cache.entries({ partition: 'bob' })).map((e) => e.partition)).toEqual(['bob']);
  });

  it('clear() refuses undefined in its type, as it does at run time', async () => {
    const cf = await twoUsers();
    const filter: { partition: string } | undefined = undefined;
    // @ts-expect-error clear() takes no argument or { partition: string }, never undefined
    await expect(cf.cache.clear(filter)).rejects.toThrow(TypeError);
    // @ts-expect-error nor `{ partition: undefined }`
    await expect(cf.cache.clear({ partition: undefined })).rejects.toThrow(TypeError);
    expect((await cf.cache.stats()).entries).toBe(2);
  });
});

describe('cache.delete(input, { partition })', () => {
  it('removes the URL in the partition given, which a header-reading partition function could not find', async () => {
    const cf = await twoUsers();
    // A bare URL has no x-user header: the partition function would say 'anonymous' and remove
    // nothing.
    expect(await cf.cache.delete(`${ORIGIN}/me`)).toBe(0);
    expect(await cf.cache.delete(`${ORIGIN}/me`, { partition: 'alice' })).toBe(1);
    expect((await cf.cache.entries()).map((entry) => entry.partition)).toEqual(['bob']);
    await (await cf(`${ORIGIN}/me`, { headers: { 'x-user': 'alice' } })).text();
    expect(origin.seen('/me').map((r) => r.headers.get('x-user'))).toEqual([
      'alice',
      'bob',
      'alice',
    ]);
  });

  it.each([
    ['input 42', [42], /expected input to be a URL string, a URL or a Request, got 42/],
    [
      'options.partition undefined',
      [`${ORIGIN}/me`, { partition: undefined }],
      /options\.partition/,
    ],
    ['options a string', [`${ORIGIN}/me`, 'alice'], /expected options to be/],
  ])('%s throws a TypeError naming it and removes nothing', async (_name, args, message) => {
    const cf = await twoUsers();
    const remove = cf.cache.delete as (...args: unknown[]) => Promise<number>;
    await expect(remove(...args)).rejects.toThrow(message);
    expect((await cf.cache.stats()).entries).toBe(2);
  });
});
