// Where the database lives: a Storage Bucket of its own where the browser has the API (Chromium),
// else the origin's default storage (issue 25 item 5, decision 0026). Loaded with the store.

/** A Storage Bucket for the cache's database (`navigator.storageBuckets.open(name, options)`). */
export interface StorageBucketOptions {
  /** The bucket's name: lowercase letters, digits, `_` and `-` (not first), at most 64. */
  name: string;
  /**
   * `'relaxed'` (default): a write is committed once the browser has it, before the disk does
   * (a power cut may lose the last writes: for a cache, misses). `'strict'`: flushed to disk first.
   * Applied when the bucket is created; a bucket that exists keeps its own.
   */
  durability?: 'strict' | 'relaxed' | undefined;
  /** The bucket's own quota in bytes (the browser may grant less). Applied when it is created. */
  quota?: number | undefined;
}

/** What of `navigator.storage` or a `StorageBucket` is asked about keeping and usage. */
export interface StorageManagerLike {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

interface StorageBucketLike extends StorageManagerLike {
  readonly indexedDB: IDBFactory;
}

interface StorageBucketManagerLike {
  open(name: string, options?: object): Promise<StorageBucketLike>;
}

/** `navigator.storage`, where there is one (absent in Node, in some workers, in older engines). */
export function originStorage(): StorageManagerLike | undefined {
  return navigatorField('storage') as StorageManagerLike | undefined;
}

function navigatorField(name: string): unknown {
  try {
    return (globalThis.navigator as unknown as Record<string, unknown> | undefined)?.[name];
  } catch {
    return undefined;
  }
}

/**
 * The database's place: the named bucket while the browser has Storage Buckets and opens it, the
 * default storage otherwise (no API: Firefox, WebKit, Node; or an open that failed, then for the
 * rest of the session, so that entries are never split between two databases).
 */
export class DatabasePlace {
  readonly #options: StorageBucketOptions | undefined;
  /** The bucket of the last open; undefined before the first, and in the default storage. */
  #bucket: StorageBucketLike | undefined;
  /** The bucket could not be used: the default storage from now on. */
  #fellBack = false;

  constructor(options: StorageBucketOptions | undefined) {
    this.#options = options;
  }

  /** The bucket the database is in: its name once opened there; undefined in the default storage. */
  get bucket(): string | undefined {
    return this.#bucket && this.#options?.name;
  }

  /**
   * The factory to open the database with. The bucket is opened on every call (cheap once it
   * exists): after the browser deleted or evicted it, this creates it again, as an open of a
   * deleted database creates that. `onFallback` is told when the bucket cannot be used.
   */
  async factory(onFallback: (error: unknown) => void): Promise<IDBFactory> {
    const options = this.#options;
    const buckets = navigatorField('storageBuckets') as StorageBucketManagerLike | undefined;
    if (options && buckets && !this.#fellBack) {
      try {
        const { name, durability = 'relaxed', quota } = options;
        this.#bucket = await buckets.open(name, quota ? { durability, quota } : { durability });
        return this.#bucket.indexedDB;
      } catch (error) {
        this.#fellBack = true;
        this.#bucket = undefined;
        onFallback(error);
      }
    }
    return indexedDB;
  }

  /**
   * What to ask about keeping the storage, its usage and quota: the bucket when the database is
   * in one (its own quota and eviction), else the origin's. Known once the database has opened:
   * `IndexedDBStore.storage()` waits for that.
   */
  storage(): StorageManagerLike | undefined {
    return this.#bucket ?? originStorage();
  }
}
