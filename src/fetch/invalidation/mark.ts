// Invalidation as "must revalidate" (RFC 9111 §4.4, RFC 9875 §3, cache.invalidate; decision 0025):
// a stored response with a validator is kept and marked, its next use a conditional request;
// one without is removed. Loaded with import(): never on the path of a GET.
import { urlOfKey } from '../../policy/cache-key';
import { keptWhenInvalidated, markedInvalidated } from '../../policy/invalidation';
import type { Engine } from '../context/engine';
import type { InvalidationReason } from '../context/events';
import { loadedBackend } from '../storage/store-calls';

/**
 * Invalidates every variant stored under these primary keys (any partitions): work in flight for
 * them is never joined again and what it fetched is never written (`generations`), memory reads
 * the store again at once, other pages hear it (the shared generation of decision 0022, and a
 * tab message). Resolves to how many entries were invalidated. Never rejects: a storage failure
 * is reported and invalidates nothing more.
 */
export async function invalidateKeys(
  engine: Engine,
  keys: readonly string[],
  reason: Exclude<InvalidationReason, 'delete'>,
  origin: 'local' | 'remote',
): Promise<number> {
  const unique = [...new Set(keys)];
  for (const key of unique) engine.generations.invalidateKey(key);
  const stale = new Set(unique);
  engine.flights.forget((tag) => stale.has(tag.key));
  const local = origin === 'local';
  // Before and after, as a removal (../unsafe/invalidation): a page that read the entry while it
  // was being marked reads it again.
  if (local) engine.storage.announceChange();
  engine.storage.forget(unique);
  const counts = await Promise.all(unique.map((key) => invalidateKey(engine, key)));
  if (local) engine.storage.announceChange();
  const urls = [...new Set(unique.map(urlOfKey))];
  if (unique.length > 0) {
    engine.events.emit('invalidated', { urls, remote: !local, reason });
  }
  if (local && unique.length > 0) {
    const partition = (JSON.parse(unique[0]!) as [string])[0];
    engine.tabs.post({ type: 'invalidated', partition, urls, keys: unique, reason });
  }
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * One key: with a validator a variant is marked (unless it already is: another page sharing the
 * store marked it); when no variant has one, the key's entries go. A variant without a validator
 * beside one with is marked too: it is never reused without the origin again, and its next
 * response, complete, replaces it.
 */
async function invalidateKey(engine: Engine, key: string): Promise<number> {
  try {
    const { store } = await loadedBackend(engine.storage);
    const variants = await store.getVariants(key);
    if (!variants.some((variant) => keptWhenInvalidated(variant.response))) {
      return variants.length === 0 ? 0 : (await store.delete(key)).length;
    }
    const unmarked = variants.filter((variant) => !variant.response.invalidated);
    await Promise.all(
      unmarked.map((variant) => store.update(variant.id, markedInvalidated(variant.response))),
    );
    return variants.length;
  } catch (error) {
    engine.events.emit('error', { error, operation: 'invalidate', url: urlOfKey(key) });
    return 0;
  }
}
