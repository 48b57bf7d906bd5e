// Which stored entries an invalidation reaches: a URL in every partition (marking for
// revalidation reveals nothing across users, and another user's copy is just as stale: issue 23),
// the members of a Cache-Groups group of one origin (RFC 9875 §2.1), in every partition; with a
// URL, the entries a request for it would have been answered by (No-Vary-Search, decision 0025).
import { sameGroupScope } from '../../policy/cache-groups';
import { partitionOfKey, primaryKey, urlOfKey } from '../../policy/cache-key';
import type { CacheEntry } from '../../store/cache-store';
import { partitionsOf } from '../../store/partitions';
import { urlBase } from '../../store/search-base';
import type { Engine } from '../context/engine';
import { equivalentEntries } from '../storage/search-variance';
import { listStored, loadedBackend } from '../storage/store-calls';

/**
 * The primary keys of these URLs in every partition that holds entries, and in `partition`, with
 * their No-Vary-Search equivalents. The partitions and the equivalents are read together: neither
 * needs the other (one IndexedDB round trip less before an unsafe request's response is given).
 */
export async function keysOfUrls(
  engine: Engine,
  urls: readonly string[],
  partition?: string,
): Promise<string[]> {
  const [stored, candidates] = await Promise.all([
    reported(engine, 'partitions', async () =>
      partitionsOf((await loadedBackend(engine.storage)).store),
    ),
    equivalentsOf(engine, urls),
  ]);
  const partitions = new Set(stored);
  if (partition !== undefined) partitions.add(partition);
  const keys = [...partitions].flatMap((p) => urls.map((url) => primaryKey(p, url)));
  return withCandidates(keys, candidates);
}

/**
 * `keys` and, in each key's partition, the keys of the stored entries whose No-Vary-Search makes
 * them answer its URL (what a request for it would have been answered by): invalidating a URL
 * invalidates them too (issue 23).
 */
export async function withEquivalents(engine: Engine, keys: readonly string[]): Promise<string[]> {
  return withCandidates(keys, await equivalentsOf(engine, keys.map(urlOfKey)));
}

/** Each URL's No-Vary-Search candidates: one query per URL (every partition at once). */
async function equivalentsOf(
  engine: Engine,
  urls: readonly string[],
): Promise<Map<string, CacheEntry[]>> {
  const unique = [...new Set(urls)];
  const found = await Promise.all(
    unique.map((url) =>
      reported(engine, 'list', () => listStored(engine.storage, { searchBase: urlBase(url) })),
    ),
  );
  return new Map(unique.map((url, i) => [url, found[i]!]));
}

/** `keys` with the candidates that answer each key's URL in its partition (checked again here). */
function withCandidates(
  keys: readonly string[],
  candidates: ReadonlyMap<string, CacheEntry[]>,
): string[] {
  const found = keys.flatMap((key) => {
    const url = urlOfKey(key);
    const entries = candidates.get(url) ?? [];
    return entries.length === 0
      ? []
      : equivalentEntries(entries, partitionOfKey(key), url).map((entry) => entry.key);
  });
  return [...new Set([...keys, ...found])];
}

/**
 * The primary keys of the stored members of these groups whose origin is `url`'s (RFC 9875 §2.1:
 * a group is scoped to its origin), in every partition. What the store returns is checked again
 * (a custom store may not know the `group` filter).
 */
export async function keysOfGroups(
  engine: Engine,
  groups: readonly string[],
  url: string,
): Promise<string[]> {
  const found = await Promise.all(
    groups.map((group) => reported(engine, 'list', () => listStored(engine.storage, { group }))),
  );
  return found.flatMap((entries, i) =>
    entries
      .filter((entry) => entry.response.groups?.includes(groups[i]!))
      .filter((entry) => sameGroupScope(urlOfKey(entry.key), url))
      .map((entry) => entry.key),
  );
}

/** A storage failure is reported and reads as "nothing stored": it never fails the request. */
async function reported<T>(
  engine: Engine,
  operation: string,
  read: () => Promise<T[]>,
): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    engine.events.emit('error', { error, operation });
    return [];
  }
}
