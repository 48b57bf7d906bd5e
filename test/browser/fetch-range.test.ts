// Range requests in a real browser against the page's own origin (RFC 9110 §14; RFC 9111 §3.3,
// §3.4): a large body fetched in ranges, as a media element or a PDF viewer does.
import { afterEach, describe, expect, it } from 'vitest';
import { patternBytes } from '../origin/pattern-bytes';
import {
  cleanup,
  gets,
  movableClock,
  nextEvent,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('RFC 9111 §3.3, §3.4 ranges of a large body in a real browser', () => {
  it('parts are stored in IndexedDB, reused, combined with If-Range, then served whole', async () => {
    const size = 1_000_000;
    const expected = patternBytes(size);
    const origin = sameOrigin();
    const path = origin.path('video');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"movie"' },
      patternBytes: size,
      ranges: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('range'), { now: movableClock().now });
    const fetchRange = async (range?: string) => {
      const stored = range === 'bytes=0-399999' || range === 'bytes=400000-';
      const written = stored ? nextEvent(cachedFetch, 'stored') : undefined;
      const response = await cachedFetch(path, range ? { headers: { range } } : undefined);
      const bytes = new Uint8Array(await response.arrayBuffer());
      await written;
      return { response, bytes };
    };

    const first = await fetchRange('bytes=0-399999');
    expect(first.response.status).toBe(206);
    expect(same(first.bytes, expected.subarray(0, 400_000))).toBe(true);

    const again = await fetchRange('bytes=100000-199999');
    expect(again.response.status).toBe(206);
    expect(again.response.headers.get('content-range')).toBe(`bytes 100000-199999/${size}`);
    expect(again.response.headers.get('cache-status')).toContain('hit');
    expect(same(again.bytes, expected.subarray(100_000, 200_000))).toBe(true);
    expect(gets(await origin.log(path))).toHaveLength(1);

    const rest = await fetchRange('bytes=400000-');
    expect(same(rest.bytes, expected.subarray(400_000))).toBe(true);
    const log = gets(await origin.log(path));
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-range']).toBe('"movie"');

    const beyond = await fetchRange(`bytes=${size}-`);
    expect(beyond.response.status).toBe(416);
    const whole = await fetchRange();
    expect(whole.response.status).toBe(200);
    expect(same(whole.bytes, expected)).toBe(true);
    expect(gets(await origin.log(path))).toHaveLength(2);
  });

  it('RFC 9110 §14.2 a stored complete response answers a range without the origin', async () => {
    const origin = sameOrigin();
    const path = origin.path('document.pdf');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"pdf"' },
      patternBytes: 50_000,
      ranges: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('range-whole'), { now: movableClock().now });
    const stored = nextEvent(cachedFetch, 'stored');
    await (await cachedFetch(path)).arrayBuffer();
    await stored;
    const page = await cachedFetch(path, { headers: { range: 'bytes=10000-10999' } });
    expect(page.status).toBe(206);
    expect(page.headers.get('content-length')).toBe('1000');
    const bytes = new Uint8Array(await page.arrayBuffer());
    expect(same(bytes, patternBytes(50_000).subarray(10_000, 11_000))).toBe(true);
    expect(gets(await origin.log(path))).toHaveLength(1);

    // Fetch's only-if-cached mode: answered from the same stored response, never the origin.
    const offline = await cachedFetch(path, {
      cache: 'only-if-cached',
      headers: { range: 'bytes=0-99' },
    });
    expect(offline.status).toBe(206);
    const head = new Uint8Array(await offline.arrayBuffer());
    expect(same(head, patternBytes(50_000).subarray(0, 100))).toBe(true);
    expect(gets(await origin.log(path))).toHaveLength(1);
  });

  it('RFC 9111 §4.2 at age == lifetime a range from storage is stale, as a GET and entries() say', async () => {
    const origin = sameOrigin();
    const path = origin.path('edge.bin');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"edge"' },
      patternBytes: 1_000,
      ranges: true,
    });
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('range-edge'), { now: clock.now });
    const stored = nextEvent(cachedFetch, 'stored');
    await (await cachedFetch(path)).arrayBuffer();
    await stored;
    clock.advance(600_000);
    const told = nextEvent(cachedFetch, 'hit');
    const part = await cachedFetch(path, { cache: 'force-cache', headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    await part.arrayBuffer();
    expect(await told).toMatchObject({ status: 206, ageSec: 600, stale: true });
    const [entry] = await cachedFetch.cache.entries();
    expect([entry?.ttlSec, entry?.fresh]).toEqual([0, false]);
    expect(gets(await origin.log(path))).toHaveLength(1);
  });
});
