// The origin's storage as the browser sees it (issue 25, decision 0026): asking to keep it
// (`navigator.storage.persist()`), and whether it was kept, how much is used, of what quota.
import type { CacheStats } from '../../store/cache-store';

type OriginStorage = Pick<CacheStats, 'persisted' | 'usage' | 'quota'>;

/** What of `navigator.storage` is used; absent in Node, in some workers, in older engines. */
interface StorageManagerLike {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

function storageManager(): StorageManagerLike | undefined {
  try {
    return (globalThis.navigator as { storage?: StorageManagerLike } | undefined)?.storage;
  } catch {
    return undefined;
  }
}

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
  #asked = false;

  constructor(wanted: boolean) {
    this.#wanted = wanted;
  }

  /** After a response was stored in storage that outlives the page. Never throws. */
  stored(): void {
    if (!this.#wanted || this.#asked) return;
    this.#asked = true;
    const storage = storageManager();
    void settle(storage?.persist?.bind(storage));
  }

  /** Whether the origin's storage is persisted, its usage and quota; undefined where unknown. */
  async describe(): Promise<OriginStorage> {
    const storage = storageManager();
    const [persisted, estimate] = await Promise.all([
      settle(storage?.persisted?.bind(storage)),
      settle(storage?.estimate?.bind(storage)),
    ]);
    return { persisted, usage: estimate?.usage, quota: estimate?.quota };
  }
}
