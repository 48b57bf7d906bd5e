// What the cache handle tells and does about stored entries, for dashboards and the inspector:
// `cache.entries()` and `cache.revalidate(entry)`. Never on a request's own path, so it loads with
// import(), in the revalidation chunk (rollup.config.js) that a page's first request loads anyway.

import { currentAgeMs, isFreshAtAge, ttlSec } from '../policy/age';
import { urlOfKey } from '../policy/cache-key';
import { completeSecondaryKey } from '../policy/partial-key';
import { varyValues } from '../policy/vary-values';
import type { CacheEntry } from '../store/cache-store';
import type { CachedEntryInfo } from './cache-handle';
import type { ResolvedOptions } from './context/options';
import { partitionArgument } from './handle-arguments';
import { readableFormat } from './storage/entry-format';
import type { StoreAccess } from './storage/store-access';
import { listStored } from './storage/store-calls';

/**
 * The partition `cache.entries(...args)` lists. A read: `entries(undefined)` (its type allows it,
 * as `filter?`) lists all, as `entries()`; anything else but `{ partition }` is a TypeError.
 */
function listedPartition(args: readonly unknown[]): string | undefined {
  return args[0] === undefined ? undefined : partitionArgument('entries', args);
}

/** `cache.entries(...args)` called at `now`: what it lists, once its code has loaded. */
export async function storedEntries(
  storage: StoreAccess,
  args: readonly unknown[],
  now: number,
): Promise<CachedEntryInfo[]> {
  const partition = listedPartition(args);
  return entriesInfo(await listStored(storage, partition === undefined ? {} : { partition }), now);
}

/** What `cache.entries()` lists: the entries this version can read (./storage/entry-format). */
function entriesInfo(entries: CacheEntry[], now: number): CachedEntryInfo[] {
  return entries.filter(readableFormat).map((entry) => entryInfo(entry, now));
}

/** One stored response, as `cache.entries()` describes it. */
export function entryInfo(entry: CacheEntry, now: number): CachedEntryInfo {
  const { response } = entry;
  const ageMs = currentAgeMs(response, now);
  const info: CachedEntryInfo = {
    id: entry.id,
    requestUrl: urlOfKey(entry.key),
    url: response.url,
    partition: entry.partition,
    status: response.status,
    ageSec: Math.floor(ageMs / 1000),
    ttlSec: ttlSec(response, now),
    fresh: isFreshAtAge(response, ageMs),
    size: entry.size,
    bodySize: entry.bodySize,
    etag: response.freshness.etag,
    lastModified: response.freshness.lastModified,
    secondaryKey: entry.secondaryKey,
    // A stored 206 part's key is its Vary values behind a prefix (../policy/partial-content).
    vary: varyValues(completeSecondaryKey(entry.secondaryKey)),
    headers: response.headers,
    lastUsed: entry.lastUsed,
    groups: response.groups ?? [],
    invalidated: response.invalidated === true,
  };
  const { partial } = response;
  if (partial) {
    info.ranges = {
      completeLength: partial.completeLength,
      bytes: partial.segments.map(({ start, end }): [number, number] => [start, end]),
    };
  }
  return info;
}

/**
 * The init of `cache.revalidate(entry)`'s request: the request headers the entry varies on, in
 * `cache: 'no-cache'` mode. Throws a TypeError when that request would now belong to another
 * partition than the entry's, or when the entry varies on a credential (decision 0018: the cache
 * keeps only its hash, and never sends a credential the app did not give it now).
 */
export function revalidationInit(
  { requestUrl, partition, vary }: Pick<CachedEntryInfo, 'requestUrl' | 'partition' | 'vary'>,
  { partitionOf, secretHeaders }: Pick<ResolvedOptions, 'partitionOf' | 'secretHeaders'>,
): RequestInit {
  const headers = vary.filter((pair): pair is [string, string] => pair[1] !== null);
  const secret = headers.find(([name]) => secretHeaders.has(name.toLowerCase()));
  if (secret) {
    throw new TypeError(
      `cache.revalidate(): the entry varies on ${secret[0]}, a credential the cache keeps only as a hash; request ${requestUrl} with cache: 'no-cache' and the app's credentials instead`,
    );
  }
  const init: RequestInit = { cache: 'no-cache', headers };
  // The request goes out with the page's credentials of now (cookies it cannot see): its
  // answer belongs to the partition this request maps to now, never to another user's.
  const current = partitionOf(new Request(requestUrl, init));
  if (current !== partition) {
    throw new TypeError(
      `cache.revalidate(): the entry is in partition "${partition}", and a request now would be in "${current}"`,
    );
  }
  return init;
}
