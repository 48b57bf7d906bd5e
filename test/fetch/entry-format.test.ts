// CacheEntry.format: written on every entry (complete responses and Range parts alike) and read on
// load: an entry of a format this version does not know is treated as absent and reported.
import { describe, expect, it } from 'vitest';
import { ENTRY_FORMAT } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const headers = { 'cache-control': 'max-age=60', etag: '"v1"' };
const alphabet = 'abcdefghijklmnopqrstuvwxyz';

describe('every entry is written with its format', () => {
  it('a complete response and stored Range parts both carry ENTRY_FORMAT', async () => {
    origin.reply('/whole-format', { headers, body: alphabet });
    origin.reply('/parts-format', {
      status: 206,
      headers: { ...headers, 'content-range': `bytes 0-3/${alphabet.length}` },
      body: 'abcd',
    });
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/whole-format`)).text();
    await (await cf(`${ORIGIN}/parts-format`, { headers: { range: 'bytes=0-3' } })).text();
    await cf.cache.settled();
    const entries = await store.list();
    expect(entries.map((entry) => [entry.response.url, entry.format]).sort()).toEqual([
      [`${ORIGIN}/parts-format`, ENTRY_FORMAT],
      [`${ORIGIN}/whole-format`, ENTRY_FORMAT],
    ]);
    expect(entries.find((entry) => entry.response.partial)).toBeDefined();
  });
});

describe('an entry of an unknown format is treated as absent, and reported', () => {
  it.each([
    ['a GET', undefined, 200],
    ['a Range request', 'bytes=0-3', 206],
  ])('%s goes to the origin; cache.entries() does not list it', async (_, range, status) => {
    const path = `/future-format-${status}`;
    origin.reply(
      path,
      range
        ? { status: 206, headers: { ...headers, 'content-range': `bytes 0-3/26` }, body: 'abcd' }
        : { headers, body: alphabet },
    );
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store, memory: false });
    const init = range ? { headers: { range } } : undefined;
    await (await cf(`${ORIGIN}${path}`, init)).text();
    await cf.cache.settled();
    // What a later version of the library would have written in its place.
    for (const { size: _, ...entry } of await store.list()) {
      const body = await store.getBody(entry.id);
      await store.put({ ...entry, format: ENTRY_FORMAT + 1 }, body as ArrayBuffer);
    }
    expect((await store.list()).map((entry) => entry.format)).toEqual([ENTRY_FORMAT + 1]);
    expect(await cf.cache.entries()).toEqual([]);
    const errors: Array<{ operation: string; url?: string | undefined }> = [];
    cf.cache.addEventListener('error', ({ operation, url }) => errors.push({ operation, url }));
    const response = await cf(`${ORIGIN}${path}`, { ...init, cache: 'force-cache' });
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    await response.text();
    await cf.cache.settled();
    expect(origin.seen(path)).toHaveLength(2);
    expect(errors[0]).toEqual({ operation: 'format', url: `${ORIGIN}${path}` });
  });
});
