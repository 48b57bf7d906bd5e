// Range requests against the real node:http origin (RFC 9110 §14; RFC 9111 §3.3, §3.4): a large
// body fetched in ranges, as a media element or a PDF viewer does; what the origin saw.
import { describe, expect, it } from 'vitest';
import type { CachedFetch } from '../../src/index';
import { patternBytes } from '../origin/pattern-bytes';
import { cachedFetchFor, fixedClock, origin } from './support';

const size = 1_000_000;
const expected = patternBytes(size);

/** Byte equality without a deep-equal walk over a megabyte (which blocks the event loop). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

async function range(cf: CachedFetch, url: string, value?: string) {
  const response = await cf(url, value ? { headers: { range: value } } : undefined);
  const bytes = new Uint8Array(await response.arrayBuffer());
  await cf.cache.settled();
  return { response, bytes };
}

describe('RFC 9111 §3.3, §3.4 a large body fetched in ranges from a real origin', () => {
  it('parts are stored, reused, combined with If-Range, and end up the complete response', async () => {
    const o = origin();
    const path = o.path('video');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"movie"' },
      patternBytes: size,
      ranges: true,
    });
    const cf = cachedFetchFor({ now: fixedClock(Date.now() - 86_400_000).now });
    const url = o.url + path;

    const first = await range(cf, url, 'bytes=0-399999');
    expect(first.response.status).toBe(206);
    expect(first.response.headers.get('content-range')).toBe(`bytes 0-399999/${size}`);
    expect(same(first.bytes, expected.subarray(0, 400_000))).toBe(true);

    // Seeking back inside what is stored: no request.
    const again = await range(cf, url, 'bytes=100000-199999');
    expect(again.response.status).toBe(206);
    expect(again.response.headers.get('cache-status')).toContain('hit');
    expect(same(again.bytes, expected.subarray(100_000, 200_000))).toBe(true);
    expect(await o.log(path)).toHaveLength(1);

    // The rest: forwarded with If-Range, combined into the complete representation.
    const rest = await range(cf, url, 'bytes=400000-');
    expect(rest.response.status).toBe(206);
    expect(same(rest.bytes, expected.subarray(400_000))).toBe(true);
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers.range).toBe('bytes=400000-');
    expect(log[1]?.headers['if-range']).toBe('"movie"');

    // Whole now: a suffix range, a 416 and a plain GET, all from storage.
    const tail = await range(cf, url, 'bytes=-10');
    expect(same(tail.bytes, expected.subarray(size - 10))).toBe(true);
    const beyond = await range(cf, url, `bytes=${size}-`);
    expect(beyond.response.status).toBe(416);
    expect(beyond.response.headers.get('content-range')).toBe(`bytes */${size}`);
    const whole = await range(cf, url);
    expect(whole.response.status).toBe(200);
    expect(same(whole.bytes, expected)).toBe(true);
    expect(await o.log(path)).toHaveLength(2);
    expect((await cf.cache.stats()).entries).toBe(1);
    await cf.cache.close();
  });

  it('RFC 9110 §14.2 a stored complete 200 answers ranges without the origin', async () => {
    const o = origin();
    const path = o.path('document.pdf');
    await o.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"pdf"' },
      patternBytes: 50_000,
      ranges: true,
    });
    const cf = cachedFetchFor({ now: fixedClock(Date.now() - 86_400_000).now });
    const url = o.url + path;
    await range(cf, url);
    const page = await range(cf, url, 'bytes=10000-10999');
    expect(page.response.status).toBe(206);
    expect(page.response.headers.get('content-length')).toBe('1000');
    expect(same(page.bytes, patternBytes(50_000).subarray(10_000, 11_000))).toBe(true);
    const log = await o.log(path);
    expect(log).toHaveLength(1);
    expect(log[0]?.headers.range).toBeUndefined();
    await cf.cache.close();
  });

  it('a changed representation: If-Range fails, the origin sends the whole, which is stored', async () => {
    const o = origin();
    const path = o.path('changed');
    await o.script(
      path,
      {
        headers: { 'cache-control': 'max-age=600', etag: '"one"' },
        patternBytes: 1000,
        ranges: true,
      },
      { headers: { 'cache-control': 'max-age=600', etag: '"two"' }, bodyBytes: 1000, ranges: true },
    );
    const cf = cachedFetchFor({ now: fixedClock(Date.now() - 86_400_000).now });
    const url = o.url + path;
    await range(cf, url, 'bytes=0-99');
    const next = await range(cf, url, 'bytes=100-199');
    expect(next.response.status).toBe(200);
    expect(next.bytes.length).toBe(1000);
    const log = await o.log(path);
    expect(log[1]?.headers['if-range']).toBe('"one"');
    const hit = await range(cf, url, 'bytes=0-1');
    expect(hit.response.headers.get('cache-status')).toContain('hit');
    expect(new TextDecoder().decode(hit.bytes)).toBe('xx');
    expect(await o.log(path)).toHaveLength(2);
    await cf.cache.close();
  });
});
