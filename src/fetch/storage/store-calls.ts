// The store calls that only code loaded with import() makes: a 304's freshened metadata
// (../revalidation), the listing and the loaded store that invalidation and `cache.entries()` read.
// Apart from ./store-access, which every request loads, so a page's first request does not carry
// them (decision 0008). Each goes through `StoreAccess.withBackend`: in call order with every
// other store call, as before the move.
import type { StoredResponse } from '../../policy/snapshot';
import type { CacheEntry, StoreListFilter } from '../../store/cache-store';
import type { StorageBackend } from './storage-backend';
import type { StoreAccess } from './store-access';

/** Writes freshened metadata (a 304): never body bytes. Never rejects. */
export async function updateStored(
  storage: StoreAccess,
  entry: CacheEntry,
  response: StoredResponse,
): Promise<boolean> {
  try {
    const updated = await storage.withBackend(({ store }) => store.update(entry.id, response));
    storage.announce([entry.key]);
    return updated;
  } catch (error) {
    storage.report(error, 'update', response.url);
    return false;
  }
}

/** The stored entries `filter` selects; rejects if the store fails (the caller reports it). */
export async function listStored(
  storage: StoreAccess,
  filter: StoreListFilter,
): Promise<CacheEntry[]> {
  return storage.withBackend(({ store }) => store.list(filter));
}

/** The loaded backend, for work that needs the store itself; rejects if it cannot load. */
export async function loadedBackend(storage: StoreAccess): Promise<StorageBackend> {
  return storage.withBackend((backend) => backend);
}
