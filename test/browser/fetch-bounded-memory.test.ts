// Decision 0021 in real browsers: a large body streamed without Content-Length, read slowly, is
// still read whole and right, is read from the network only a bounded distance ahead of its
// reader, and is not stored past maxEntryBytes (gzip, whose decoded size counts: test/node).
import { afterEach, describe, expect, it } from 'vitest';
import { READ_AHEAD_BYTES } from '../../src/fetch/response/body-broadcast';
import { countingFetch, readPattern } from '../counting-fetch';
import {
  cleanup,
  crossOrigin,
  gets,
  openCachedFetch,
  recordEvents,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

const SIZE = 6 * 1024 * 1024;
const MAX_ENTRY = 1024 * 1024;
/** The store's share, the read-ahead, and one network chunk past each (the platform's chunks). */
const bound = (largestChunk: number) => MAX_ENTRY + READ_AHEAD_BYTES + 2 * largestChunk;

describe('decision 0021: a large streamed body with a slow reader', () => {
  it('is read whole and right, pulled only a bounded distance ahead, and not stored', async () => {
    const origin = crossOrigin();
    const path = origin.path('large-chunked');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600' },
      patternBytes: SIZE,
      // Paced as from a far origin: a browser buffers a fast local body and hands it over whole.
      sliceBytes: 64 * 1024,
      sliceDelayMs: 5,
    });
    const network = countingFetch();
    const cachedFetch = openCachedFetch(uniqueDbName('bounded'), {
      fetch: network.fetch,
      maxEntryBytes: MAX_ENTRY,
    });
    // The first request loads the lazy admission chunk (slow under vite): the platform would buffer
    // the body meanwhile and hand it over in one chunk.
    const warm = origin.path('warm');
    await origin.script(warm, { body: 'warm' });
    await (await cachedFetch(`${origin.url}${warm}`)).text();
    await cachedFetch.cache.settled();
    const stored = recordEvents(cachedFetch, 'stored');

    const url = `${origin.url}${path}`;
    const response = await cachedFetch(url);
    const reader = response.body!.getReader();
    const first = (await reader.read()).value!.byteLength;
    await cachedFetch.cache.settled(); // the store gave up past maxEntryBytes
    const body = network.bodies[1]!;
    expect(body.pulled - first).toBeLessThanOrEqual(bound(body.largestChunk));
    expect(await readPattern(reader, first)).toBe(SIZE);
    await cachedFetch.cache.settled();
    expect(stored).toEqual([]);

    const again = await cachedFetch(url);
    expect(again.headers.get('cache-status')).not.toMatch(/(^|; )hit(;|$)/);
    await again.body?.cancel();
    expect(gets(await origin.log(path))).toHaveLength(2);
  });
});
