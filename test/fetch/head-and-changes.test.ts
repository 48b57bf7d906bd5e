// HEAD updating a stored GET (RFC 9111 §4.3.5), and telling a changed response from the same one (pitfall 6).
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

async function store(cf: ReturnType<typeof makeCachedFetch>, path: string) {
  await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
}

describe('RFC 9111 §4.3.5 freshening responses with HEAD', () => {
  it('a HEAD 200 whose ETag matches freshens the stored GET: the next GET is a hit', async () => {
    origin.reply(
      '/hd',
      (request): Reply =>
        request.method === 'HEAD'
          ? { headers: { etag: '"1"', 'cache-control': 'max-age=100', 'x-from': 'head' } }
          : { headers: { etag: '"1"', 'cache-control': 'max-age=10' }, body: 'body' },
    );
    const cf = makeCachedFetch();
    await store(cf, '/hd');
    cf.clock.advance(20_000);
    const head = await cf(`${ORIGIN}/hd`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const get = await cf(`${ORIGIN}/hd`);
    expect(get.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=100');
    expect(get.headers.get('x-from')).toBe('head');
    expect(await get.text()).toBe('body');
    expect(origin.seen('/hd').map((r) => r.method)).toEqual(['GET', 'HEAD']);
  });

  it('a HEAD 200 showing another ETag makes the stored GET unusable: the next GET goes to the origin', async () => {
    origin.reply(
      '/hd2',
      (request): Reply =>
        request.method === 'HEAD'
          ? { headers: { etag: '"2"', 'cache-control': 'max-age=100' } }
          : { headers: { etag: '"1"', 'cache-control': 'max-age=10' }, body: 'old' },
    );
    const cf = makeCachedFetch();
    await store(cf, '/hd2');
    cf.clock.advance(20_000);
    await cf(`${ORIGIN}/hd2`, { method: 'HEAD' });
    await cf(`${ORIGIN}/hd2`);
    expect(origin.seen('/hd2').map((r) => r.method)).toEqual(['GET', 'HEAD', 'GET']);
    expect(origin.seen('/hd2')[2]?.headers.get('if-none-match')).toBeNull();
  });
  it('a GET fetched before the HEAD that invalidated the stored response is not written after it', async () => {
    // The GET's response left the origin before the HEAD showed ETag "2": storing it after the
    // HEAD made "1" unusable would bring "1" back (as §4.4 invalidations, decision 0003).
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let gets = 0;
    origin.reply('/hd3', async (request): Promise<Reply> => {
      if (request.method === 'HEAD')
        return { headers: { etag: '"2"', 'cache-control': 'max-age=100' } };
      gets += 1;
      if (gets === 2) await gate;
      const etag = gets <= 2 ? '"1"' : '"2"';
      return { headers: { etag, 'cache-control': 'max-age=100' }, body: `body ${etag}` };
    });
    const cf = makeCachedFetch();
    await store(cf, '/hd3');
    cf.clock.advance(200_000);
    const inFlight = cf(`${ORIGIN}/hd3`, { cache: 'reload' });
    await origin.arrived('/hd3', 2);
    await cf(`${ORIGIN}/hd3`, { method: 'HEAD' });
    openGate();
    await (await inFlight).text();
    await cf.cache.settled();
    const next = await cf(`${ORIGIN}/hd3`);
    expect(await next.text()).toBe('body "2"');
    expect(origin.seen('/hd3').map((r) => r.method)).toEqual(['GET', 'GET', 'HEAD', 'GET']);
  });
});

describe('updated fires only when the replacement differs (pitfall 6)', () => {
  it.each([
    ['without validators, same bytes', 'same', false],
    ['without validators, other bytes of the same length', 'diff', true],
  ])('%s → updated: %s', async (_name, second, expected) => {
    origin.reply(
      '/nv',
      { headers: { 'cache-control': 'max-age=1' }, body: 'same' },
      { headers: { 'cache-control': 'max-age=1' }, body: second },
    );
    const cf = makeCachedFetch();
    const updates: unknown[] = [];
    cf.cache.addEventListener('updated', (event) => updates.push(event));
    await store(cf, '/nv');
    cf.clock.advance(2000);
    await (await cf(`${ORIGIN}/nv`)).text();
    await cf.cache.settled();
    expect(updates.length > 0).toBe(expected);
  });

  it('a 200 with the same Last-Modified and length (origin ignored If-Modified-Since) → no updated event', async () => {
    const lm = 'Wed, 01 Jan 2025 00:00:00 GMT';
    origin.reply('/lm', {
      headers: { 'cache-control': 'max-age=1', 'last-modified': lm },
      body: 'abc',
    });
    const cf = makeCachedFetch();
    const updates: unknown[] = [];
    cf.cache.addEventListener('updated', (event) => updates.push(event));
    await store(cf, '/lm');
    cf.clock.advance(2000);
    const again = await cf(`${ORIGIN}/lm`);
    expect(again.headers.get('cache-status')).toContain('fwd=stale; fwd-status=200; stored');
    await again.text();
    await cf.cache.settled();
    expect(origin.seen('/lm')[1]?.headers.get('if-modified-since')).toBe(lm);
    expect(updates).toEqual([]);
  });
});
