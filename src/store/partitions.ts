// The partitions a store holds, from any CacheStore (its own query when it has one).
import type { CacheStore } from './cache-store';

/** Every partition that holds an entry, each once: `store.partitions()`, else read from `list()`. */
export async function partitionsOf(store: CacheStore): Promise<string[]> {
  if (store.partitions) return store.partitions();
  return [...new Set((await store.list()).map((entry) => entry.partition))];
}
