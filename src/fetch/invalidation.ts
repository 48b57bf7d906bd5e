// Removing stored responses: after an unsafe request (RFC 9111 §4.4), on cache.delete(), on
// cache.clear() (logout, decision 0003), and when another tab did one of these.
import { primaryKey } from '../policy/cache-key';
import type { Engine } from './engine';
import { inOutbox } from './outbox-chunk';

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
  const stale = new Set(keys);
  engine.flights.forget((tag) => stale.has(tag.key));
  // With a shared store (IndexedDB) a remote invalidation is already done; a per-tab store
  // (MemoryStore) needs it here too. Deleting twice is harmless.
  const removed = await Promise.all(
    keys.map((key, i) => engine.storage.deleteKey(key, urls[i]!, false)),
  );
  engine.events.emit('invalidated', { urls, remote: origin === 'remote' });
  if (origin === 'local') engine.tabs.post({ type: 'invalidated', partition, urls });
  return removed.reduce((sum, ids) => sum + ids.length, 0);
}

/**
 * Removes everything, or one partition, the same way, and the outbox's writes of it. Rejects if
 * the store fails (asked for).
 */
export async function clearStored(
  engine: Engine,
  partition: string | undefined,
  origin: 'local' | 'remote',
): Promise<number> {
  engine.generations.clear(partition);
  engine.flights.forget((tag) => partition === undefined || tag.partition === partition);
  // The partition's queued writes go too: nothing of a user's is sent after their logout.
  const [removed, writes] = await Promise.all([
    engine.storage.clear(partition),
    engine.options.outbox && inOutbox(engine, 'clear', partition),
  ]);
  engine.events.emit('cleared', { partition, remote: origin === 'remote', writes });
  if (origin === 'local') engine.tabs.post({ type: 'cleared', partition });
  return removed;
}
