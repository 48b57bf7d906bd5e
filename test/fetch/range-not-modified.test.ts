// A Range request's 304 freshens what is stored exactly as a GET's does (RFC 9111 §4.3.4, one
// shared step: src/fetch/revalidation/freshen-stored.ts): what the origin saw, what was served,
// and what is stored afterwards.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const alphabet = 'abcdefghijklmnopqrstuvwxyz';
const stored = { 'cache-control': 'max-age=60', etag: '"v1"' };

/** The complete 200 first; then, to the validation, a 304 with `notModified`'s fields. */
function validatedWith(notModified: Record<string, string>) {
  return (request: Request): Reply =>
    request.headers.get('if-none-match') === '"v1"'
      ? { status: 304, headers: { etag: '"v1"', ...notModified } }
      : { headers: stored, body: alphabet };
}

async function rangeAfterExpiry(path: string, notModified: Record<string, string>) {
  origin.reply(path, validatedWith(notModified));
  const store = new MemoryStore();
  const cf = makeCachedFetch({ store, memory: false });
  await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
  cf.clock.advance(120_000);
  const response = await cf(`${ORIGIN}${path}`, { headers: { range: 'bytes=1-2' } });
  const body = await response.text();
  await cf.cache.settled();
  return { cf, store, response, body };
}

describe('RFC 9111 §4.3.4 a Range request validated with a 304', () => {
  it('a 304 whose merged fields say no-store serves the range once; what is stored goes', async () => {
    const path = '/range-304-no-store';
    const { response, body, store } = await rangeAfterExpiry(path, {
      'cache-control': 'no-store',
    });
    expect([response.status, body]).toEqual([206, 'bc']);
    expect(response.headers.get('cache-status')).toMatch(
      /^cached-fetch; fwd=stale; fwd-status=304/,
    );
    expect(origin.seen(path).map((seen) => seen.headers.get('if-none-match'))).toEqual([
      null,
      '"v1"',
    ]);
    // Decision 0019, as for a GET: the refused response is not kept for the next request.
    expect(await store.list()).toEqual([]);
  });

  it('the freshened response is what the next range is served from, without the origin', async () => {
    const path = '/range-304-fresh';
    const { cf } = await rangeAfterExpiry(path, { 'cache-control': 'max-age=600' });
    const next = await cf(`${ORIGIN}${path}`, { headers: { range: 'bytes=3-4' } });
    expect([next.status, await next.text()]).toEqual([206, 'de']);
    expect(next.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=600');
    expect(origin.seen(path)).toHaveLength(2);
  });
});
