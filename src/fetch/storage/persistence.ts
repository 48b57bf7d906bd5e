// The storage as the browser sees it (issue 25, decision 0026): asking to keep it (`persist()`),
// and whether it was kept, how much is used, of what quota. The origin's `navigator.storage`, or
// the cache's own Storage Bucket when its database is in one (the `storageBucket` option).
import type { CacheStats } from '../../store/cache-store';
import { originStorage, type StorageManagerLike } from '../../store/storage-bucket';

type OriginStorage = Pick<CacheStats, 'persisted' | 'usage' | 'quota'>;

/** Never rejects: what the browser would not say is undefined. */
function settle<T>(ask: (() => Promise<T>) | undefined): Promise<T | undefined> {
  try {
    return (ask?.() ?? Promise.resolve(undefined)).catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}

/**
 * Asks for persistent storage at most once per instance, and only once a response is stored: not
 * at import or creation (Firefox shows the user a prompt, which a page that caches nothing should
 * not cause; Chromium grants by engagement, which a first visit lacks).
 */
export class OriginStoragePersistence {
  readonly #wanted: boolean;
  /** Where to ask: the store's bucket or the origin's storage. */
  readonly #storage: () => Promise<StorageManagerLike | undefined>;
  #asked = false;

  constructor(
    wanted: boolean,
    storage: () => Promise<StorageManagerLike | undefined> = async () => originStorage(),
  ) {
    this.#wanted = wanted;
    this.#storage = storage;
  }

  /** After a response was stored in storage that outlives the page. Never throws. */
  stored(): void {
    if (!this.#wanted || this.#asked) return;
    this.#asked = true;
    void this.#storage().then(
      (storage) => settle(storage?.persist?.bind(storage)),
      () => {},
    );
  }

  /** Whether the storage is persisted, its usage and quota; undefined where unknown. */
  async describe(): Promise<OriginStorage> {
    const storage = await this.#storage().catch(() => undefined);
    const [persisted, estimate] = await Promise.all([
      settle(storage?.persisted?.bind(storage)),
      settle(storage?.estimate?.bind(storage)),
    ]);
    return { persisted, usage: estimate?.usage, quota: estimate?.quota };
  }
}
