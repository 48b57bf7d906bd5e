// Decision 0021 against the real node:http origin: a gzip-coded body counts by its decoded size
// (its Content-Length is the coded size), is not stored past maxEntryBytes, and is read from the
// network only as fast as its caller reads it.
import { describe, expect, it } from 'vitest';
import { READ_AHEAD_BYTES } from '../../src/fetch/response/body-broadcast';
import { countingFetch, readPattern } from '../counting-fetch';
import { cachedFetchFor, origin } from './support';

const SIZE = 32 * 1024 * 1024;
const MAX_ENTRY = 1024 * 1024;
/** The store's share, the read-ahead, and room for the decoder's chunks. */
const BOUND = MAX_ENTRY + READ_AHEAD_BYTES + 256 * 1024;

async function gzipped(name: string): Promise<string> {
  const client = origin();
  const path = client.path(name);
  await client.script(path, {
    headers: { 'cache-control': 'max-age=600' },
    patternBytes: SIZE,
    gzip: true,
  });
  return `${client.url}${path}`;
}

// 32 MiB through a real socket, read slowly: seconds on a loaded 2-core machine, not a timing assertion.
describe('decision 0021: a gzip-coded body larger than maxEntryBytes (real origin)', {
  timeout: 60_000,
}, () => {
  it('read slowly: pulled a bounded distance ahead of the reader, delivered whole, not stored', async () => {
    const url = await gzipped('gzip-slow');
    const network = countingFetch();
    const cf = cachedFetchFor({ fetch: network.fetch, maxEntryBytes: MAX_ENTRY });
    const response = await cf(url);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const reader = response.body!.getReader();
    const first = (await reader.read()).value!.byteLength;
    await cf.cache.settled();
    expect(network.bodies[0]!.pulled - first).toBeLessThanOrEqual(BOUND);
    expect(await readPattern(reader, first)).toBe(SIZE);

    const again = await cf(url);
    expect(again.headers.get('cache-status')).not.toMatch(/(^|; )hit(;|$)/);
    await again.body!.cancel();
    expect(await origin().log(new URL(url).pathname)).toHaveLength(2);
  });

  it('never read: the network is not drained past the bound', async () => {
    const url = await gzipped('gzip-unread');
    const network = countingFetch();
    const cf = cachedFetchFor({ fetch: network.fetch, maxEntryBytes: MAX_ENTRY });
    const response = await cf(url);
    await cf.cache.settled();
    expect(network.bodies[0]!.pulled).toBeLessThanOrEqual(BOUND);
    await response.body!.cancel();
    expect(network.bodies[0]!.cancelled).toBe(true);
  });
});
