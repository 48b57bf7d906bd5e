// Removing stored responses of some URLs: on cache.delete() (an explicit removal), and when another
// tab did one. An unsafe request's invalidation marks instead (../invalidation, decision 0025).
import { primaryKey } from '../../policy/cache-key';
import type { Engine } from '../context/engine';

/**
 * Removes every stored variant of these URLs in one partition. Work in flight for them is never
 * joined again, and what it fetched is never written (`generations`). Resolves to how many went.
 */
export async function invalidateUrls(
  engine: Engine,
  partition: string,
  urls: string[],
  origin: 'local' | 'remote',
): Promise<number> {
  const keys = urls.map((url) => primaryKey(partition, url));
  for (const key of keys) engine.generations.invalidateKey(key);
  const local = origin === 'local';
  // Other pages' memory reads the store from now on (decision 0022); again once the store changed,
  // so that a page which read the old entry while the delete was under way reads it again.
  if (local) engine.storage.announceChange();
  const stale = new Set(keys);
  engine.flights.forget((tag) => stale.has(tag.key));
  // With a shared store (IndexedDB) a remote invalidation is already done; a per-tab store
  // (MemoryStore) needs it here too. Deleting twice is harmless.
  const removed = await Promise.all(
    keys.map((key, i) => engine.storage.deleteKey(key, urls[i]!, false)),
  );
  if (local) engine.storage.announceChange();
  engine.events.emit('invalidated', { urls, remote: !local, reason: 'delete' });
  if (local) engine.tabs.post({ type: 'invalidated', partition, urls });
  return removed.reduce((sum, ids) => sum + ids.length, 0);
}
