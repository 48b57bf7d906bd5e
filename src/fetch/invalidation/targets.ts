// Which stored entries an invalidation reaches: a URL in every partition (marking for
// revalidation reveals nothing across users, and another user's copy is just as stale: issue 23),
// the members of a Cache-Groups group of one origin (RFC 9875 §2.1), in every partition.
import { sameGroupScope } from '../../policy/cache-groups';
import { primaryKey, urlOfKey } from '../../policy/cache-key';
import { partitionsOf } from '../../store/partitions';
import type { Engine } from '../context/engine';

/** The primary keys of these URLs in every partition that holds entries, and in `partition`. */
export async function keysOfUrls(
  engine: Engine,
  urls: readonly string[],
  partition?: string,
): Promise<string[]> {
  const stored = await reported(engine, 'partitions', async () =>
    partitionsOf((await engine.storage.loaded()).store),
  );
  const partitions = new Set(stored);
  if (partition !== undefined) partitions.add(partition);
  return [...partitions].flatMap((p) => urls.map((url) => primaryKey(p, url)));
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
    groups.map((group) => reported(engine, 'list', () => engine.storage.list({ group }))),
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
