// Decision 0021: a network body is read from the network only as fast as the slowest caller who
// reads it, or as the store needs (up to maxEntryBytes); a body nobody reads is not drained.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { READ_AHEAD_BYTES } from '../../src/fetch/response/body-broadcast';
import { makeCachedFetch, ORIGIN } from './support';

const CHUNK = 64 * 1024;
const CHUNKS = 160; // 10 MiB
const MAX_ENTRY = 1024 * 1024;
/** What may be pulled once storing is abandoned: the store's share, the read-ahead, one chunk. */
const BOUND = MAX_ENTRY + READ_AHEAD_BYTES + 2 * CHUNK;

/** A body of `CHUNKS` chunks that counts what was pulled from it, and whether it was cancelled. */
function countedSource(fill = (i: number) => i % 251) {
  const source = { pulled: 0, cancelled: false };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (index === CHUNKS) return controller.close();
        controller.enqueue(new Uint8Array(CHUNK).fill(fill(index++)));
        source.pulled += CHUNK;
      },
      cancel() {
        source.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { source, stream };
}

/** A cached fetch whose network answers every request with a fresh counted body, no Content-Length. */
function setup(cacheControl = 'max-age=60') {
  const sources: Array<ReturnType<typeof countedSource>['source']> = [];
  const cf = makeCachedFetch({
    maxEntryBytes: MAX_ENTRY,
    fetch: async () => {
      const { source, stream } = countedSource();
      sources.push(source);
      return new Response(stream, { headers: { 'cache-control': cacheControl } });
    },
  });
  const stored: unknown[] = [];
  cf.cache.addEventListener('stored', (event) => stored.push(event));
  return { cf, sources, stored };
}

/** Reads to the end, checking each chunk's bytes; returns how many bytes were read in all. */
async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, from = 0): Promise<number> {
  let bytes = from;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    expect(value[0]).toBe(Math.floor(bytes / CHUNK) % 251);
    bytes += value.byteLength;
  }
}

describe('decision 0021: bounded memory for network bodies', () => {
  it('a slow reader: the network is pulled only a bounded distance ahead of what it consumed', async () => {
    const { cf, sources, stored } = setup();
    const reader = (await cf(`${ORIGIN}/slow`)).body!.getReader();
    await reader.read();
    await cf.cache.settled(); // the store gave up at maxEntryBytes
    const consumed = CHUNK;
    expect(sources[0]!.pulled - consumed).toBeLessThanOrEqual(BOUND);
    // Reading on, the network follows the reader: never more than the read-ahead in front of it.
    let read = consumed;
    for (let i = 0; i < 40; i++) {
      read += (await reader.read()).value!.byteLength;
      expect(sources[0]!.pulled - read).toBeLessThanOrEqual(BOUND);
    }
    expect(await readAll(reader, read)).toBe(CHUNKS * CHUNK);
    expect(stored).toEqual([]);
  });

  it('a caller that never reads: the network is not drained beyond maxEntryBytes once storing is abandoned', async () => {
    const { cf, sources, stored } = setup();
    const response = await cf(`${ORIGIN}/unread`);
    await cf.cache.settled();
    expect(sources[0]!.pulled).toBeLessThanOrEqual(BOUND);
    expect(stored).toEqual([]);
    // Still all there when the caller reads at last.
    expect(await readAll(response.body!.getReader())).toBe(CHUNKS * CHUNK);
  });

  it('two callers sharing one body, read one after the other: neither waits on the other', async () => {
    const { cf, sources } = setup();
    const [a, b] = await Promise.all([cf(`${ORIGIN}/twice`), cf(`${ORIGIN}/twice`)]);
    expect(await readAll(a.body!.getReader())).toBe(CHUNKS * CHUNK);
    expect(await readAll(b.body!.getReader())).toBe(CHUNKS * CHUNK);
    expect(sources).toHaveLength(1);
  });

  it('a background refresh nobody reads, larger than maxEntryBytes: stored never, pulled up to the bound, then cancelled', async () => {
    let calls = 0;
    const sources: Array<ReturnType<typeof countedSource>['source']> = [];
    const cf = makeCachedFetch({
      maxEntryBytes: MAX_ENTRY,
      fetch: async () => {
        calls++;
        const headers = { 'cache-control': 'max-age=10, stale-while-revalidate=60' };
        if (calls === 1) return new Response('small', { headers });
        const { source, stream } = countedSource();
        sources.push(source);
        return new Response(stream, { headers });
      },
    });
    await (await cf(`${ORIGIN}/refresh`)).text();
    await cf.cache.settled();
    cf.clock.advance(20_000);
    const stored: unknown[] = [];
    cf.cache.addEventListener('stored', (event) => stored.push(event));
    expect(await (await cf(`${ORIGIN}/refresh`)).text()).toBe('small'); // stale, refreshed behind
    await cf.cache.settled();
    expect(calls).toBe(2);
    expect(sources[0]!.pulled).toBeLessThanOrEqual(BOUND);
    expect(sources[0]!.cancelled).toBe(true);
    expect(stored).toEqual([]);
  });

  it('a caller that drops its Response unread: once it is garbage, the network body is cancelled', async () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const { cf, sources } = setup();
    await (async () => {
      await cf(`${ORIGIN}/dropped`); // never read, never kept
    })();
    await cf.cache.settled();
    for (let i = 0; i < 20 && !sources[0]!.cancelled; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 0)); // finalizers run in a later task
    }
    expect(sources[0]!.cancelled).toBe(true);
    expect(sources[0]!.pulled).toBeLessThanOrEqual(BOUND);
  });
});
