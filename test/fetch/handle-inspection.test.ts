// What the cache handle offers tools such as the inspector: entries described in full, a stored
// body, delete in a named partition, and revalidation of one entry in its own partition.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('cache.entries() for inspection', () => {
  it('gives each entry its id, request URL, decoded Vary values and stored headers', async () => {
    origin.reply('/start', { status: 302, headers: { location: `${ORIGIN}/landed` } });
    origin.reply('/landed', {
      headers: { 'cache-control': 'max-age=60', vary: 'Accept-Language, X-Absent', etag: '"v"' },
      body: 'hello',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/start`, { headers: { 'accept-language': 'fr,  en' } })).text();
    await cf.cache.settled();
    const [info] = await cf.cache.entries();
    expect(info).toMatchObject({
      requestUrl: `${ORIGIN}/start`,
      url: `${ORIGIN}/landed`,
      // Vary values as the cache compares them (RFC 9111 §4.1): `fr,  en` in its normal form.
      vary: [
        ['accept-language', 'fr,en'],
        ['x-absent', null],
      ],
    });
    expect(info!.id).toEqual(expect.any(String));
    expect(info!.headers).toContainEqual(['etag', '"v"']);
    expect(new TextDecoder().decode(await cf.cache.body(info!))).toBe('hello');
  });

  it('RFC 9111 §3.3: lists a stored 206 part beside complete entries, in every partition', async () => {
    origin.reply('/whole', { headers: { 'cache-control': 'max-age=60' }, body: 'whole' });
    origin.reply('/part', {
      status: 206,
      headers: {
        'cache-control': 'max-age=60',
        etag: '"p"',
        vary: 'Accept',
        'content-range': 'bytes 2-4/26',
      },
      body: 'cde',
    });
    const session = { user: 'alice' };
    const cf = makeCachedFetch({ partition: () => session.user });
    await (await cf(`${ORIGIN}/whole`)).text();
    const part = await cf(`${ORIGIN}/part`, { headers: { range: 'bytes=2-4', accept: 'text/x' } });
    expect([part.status, await part.text()]).toEqual([206, 'cde']);
    session.user = 'bob';
    await (await cf(`${ORIGIN}/whole`)).text();
    await cf.cache.settled();
    const listed = await cf.cache.entries();
    const described = listed.map(({ partition, requestUrl, status, vary, ranges }) => ({
      partition,
      path: new URL(requestUrl).pathname,
      status,
      vary,
      ranges,
    }));
    expect(described).toEqual(
      expect.arrayContaining([
        { partition: 'alice', path: '/whole', status: 200, vary: [], ranges: undefined },
        { partition: 'bob', path: '/whole', status: 200, vary: [], ranges: undefined },
        {
          partition: 'alice',
          path: '/part',
          status: 206,
          vary: [['accept', 'text/x']],
          ranges: { completeLength: 26, bytes: [[2, 4]] },
        },
      ]),
    );
    expect(listed).toHaveLength(3);
    expect(await cf.cache.entries({ partition: 'bob' })).toHaveLength(1);
    const partEntry = listed.find((entry) => entry.status === 206)!;
    expect(new TextDecoder().decode(await cf.cache.body(partEntry))).toBe('cde');
  });

  it('body() is undefined once the entry is gone', async () => {
    origin.reply('/gone', { headers: { 'cache-control': 'max-age=60' }, body: 'g' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/gone`)).text();
    await cf.cache.settled();
    const [info] = await cf.cache.entries();
    await cf.cache.clear();
    expect(await cf.cache.body(info!)).toBeUndefined();
  });
});

describe('cache.delete(url, { partition })', () => {
  it('removes the URL in the named partition, not in the one the partition option gives now', async () => {
    origin.reply('/me', { headers: { 'cache-control': 'private, max-age=60' }, body: 'me' });
    const session = { user: 'alice' };
    const cf = makeCachedFetch({ partition: () => session.user });
    await (await cf(`${ORIGIN}/me`)).text();
    session.user = 'bob';
    await (await cf(`${ORIGIN}/me`)).text();
    await cf.cache.settled();
    expect(await cf.cache.delete(`${ORIGIN}/me`, { partition: 'alice' })).toBe(1);
    expect((await cf.cache.entries()).map((entry) => entry.partition)).toEqual(['bob']);
  });
});

describe('cache.revalidate(entry)', () => {
  it('RFC 9111 §4.3.1: sends a conditional request with the entry validators and Vary headers, in its own partition', async () => {
    // The same user is signed in (another user's entry is refused: reuse-guards.test.ts).
    origin.reply('/list', {
      headers: { 'cache-control': 'max-age=60', vary: 'accept', etag: '"1"' },
      body: 'list',
    });
    const session = { user: 'alice' };
    const cf = makeCachedFetch({ partition: () => session.user });
    await (await cf(`${ORIGIN}/list`, { headers: { accept: 'application/json' } })).text();
    await cf.cache.settled();
    const [entry] = await cf.cache.entries();
    origin.reply('/list', { status: 304, headers: { 'cache-control': 'max-age=60', etag: '"1"' } });

    const response = await cf.cache.revalidate(entry!);
    expect(await response.text()).toBe('list');
    expect(response.headers.get('cache-status')).toContain('fwd-status=304');
    const [, conditional] = origin.seen('/list');
    expect(conditional!.headers.get('if-none-match')).toBe('"1"');
    expect(conditional!.headers.get('accept')).toBe('application/json');
    await cf.cache.settled();
    // Freshened in alice's partition: one entry, the same.
    expect((await cf.cache.entries()).map((e) => [e.partition, e.id])).toEqual([
      ['alice', entry!.id],
    ]);
  });
});
