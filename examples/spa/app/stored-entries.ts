// The stored entries the panel lists: what `cache.entries()` describes, in the shape the table shows.
import type { CacheHandle } from '../../../src/index.ts';

export interface EntryRow {
  url: string;
  status: number;
  ageSec: number;
  ttlSec: number;
  size: number;
  bodySize: number;
  etag: string | null;
}

/** Every stored response, most recently used first, with age and TTL at this moment. */
export async function storedEntries(cache: CacheHandle): Promise<EntryRow[]> {
  return (await cache.entries()).map(({ url, status, ageSec, ttlSec, size, bodySize, etag }) => ({
    url,
    status,
    ageSec,
    ttlSec,
    size,
    bodySize,
    etag,
  }));
}
