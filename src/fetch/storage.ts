// The front's access to the store: every storage failure is reported and answered with a safe
// fallback (nothing stored, nothing found), so it never fails a request (pitfalls 10, 11).
import type { StoredResponse } from '../policy/snapshot';
import type {
  CacheEntry,
  CacheStore,
  LookupResult,
  NewCacheEntry,
  StoredBody,
  StoreStats,
} from '../store/cache-store';
import { createDefaultStore } from '../store/default-store';
import { StoreGovernor } from '../store/governor';
import { lookupEntry } from '../store/lookup';
import { MemoryTier } from '../store/memory-tier';
import type { StoreErrorHandler } from '../store/store-errors';
import type { CacheEvents } from './events';
import type { ResolvedOptions } from './options';

export class Storage {
  readonly #events: CacheEvents;
  readonly #store: CacheStore;
  readonly #tier: MemoryTier | undefined;
  readonly #governor: StoreGovernor;
  /** Tells other tabs which primary keys this tab changed in the store. */
  readonly #announce: (keys: string[]) => void;
  /** Primary key → the writes of complete responses still under way for it, in this tab. */
  readonly #writes = new Map<string, Promise<void>>();

  constructor(
    options: ResolvedOptions,
    events: CacheEvents,
    announce: (keys: string[]) => void = () => {},
  ) {
    this.#events = events;
    this.#announce = announce;
    const onError: StoreErrorHandler = (error, { operation }) => this.#report(error, operation);
    const store = options.store ?? createDefaultStore({ onError });
    this.#tier = options.memory ? new MemoryTier(store, options.memory) : undefined;
    this.#store = this.#tier ?? store;
    this.#governor = new StoreGovernor(this.#store, {
      maxEntries: options.maxEntries,
      maxBytes: options.maxBytes,
      maxEntryBytes: options.maxEntryBytes,
      onEvicted: (entries) => {
        announce(entries.map(({ key }) => key));
        events.emit('evicted', {
          entries: entries.map(({ id, key, size }) => ({ id, key, size })),
        });
      },
      onError,
    });
  }

  get store(): CacheStore {
    return this.#store;
  }

  #report(error: unknown, operation: string, url?: string): void {
    this.#events.emit('error', { error, operation, url });
  }

  /**
   * The variants of `key` and, in the same read where the store can, the body of the one `choose`
   * picks. A storage failure reads as "nothing stored": the request goes to the network.
   */
  async lookup(
    key: string,
    url: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    try {
      // Read-your-writes: a response this tab fetched and read whole is found by the next lookup,
      // even while IndexedDB is still committing it.
      await this.#writes.get(key);
      return await lookupEntry(this.#store, key, choose);
    } catch (error) {
      this.#report(error, 'lookup', url);
      return { variants: [], chosen: undefined, body: undefined };
    }
  }

  async body(entry: CacheEntry): Promise<StoredBody | undefined> {
    try {
      return await this.#store.getBody(entry.id);
    } catch (error) {
      this.#report(error, 'getBody', entry.response.url);
      return undefined;
    }
  }

  /** Makes lookups of `key` wait for `write` (which must never reject) to end. */
  writing(key: string, write: Promise<void>): void {
    const all: Promise<void> = Promise.all([this.#writes.get(key), write]).then(() => {
      if (this.#writes.get(key) === all) this.#writes.delete(key);
    });
    this.#writes.set(key, all);
  }

  /**
   * Stores a complete response; resolves to whether it was written. Never rejects. `stillWanted`
   * is asked before each attempt (a quota retry waits for eviction first).
   */
  async write(
    entry: NewCacheEntry,
    body: ArrayBuffer,
    stillWanted: () => boolean,
  ): Promise<boolean> {
    const stored = (await this.#governor.write(entry, body, stillWanted)) === 'stored';
    if (stored) this.#announce([entry.key]);
    return stored;
  }

  /** Writes freshened metadata (a 304): never body bytes. Never rejects. */
  async update(entry: CacheEntry, response: StoredResponse): Promise<boolean> {
    try {
      const updated = await this.#store.update(entry.id, response);
      this.#announce([entry.key]);
      return updated;
    } catch (error) {
      this.#report(error, 'update', response.url);
      return false;
    }
  }

  /** LRU bookkeeping, batched and run after the response was returned. */
  recordUse(entry: CacheEntry, now: number): void {
    this.#governor.recordUse(entry.id, now);
  }

  /** `announce: false` when the caller tells other tabs itself (an invalidation). */
  async deleteKey(key: string, url: string, announce = true): Promise<string[]> {
    try {
      const removed = await this.#store.delete(key);
      if (announce) this.#announce([key]);
      return removed;
    } catch (error) {
      this.#report(error, 'delete', url);
      return [];
    }
  }

  /** Another tab changed these keys in the store: memory must read them again. */
  forget(keys: string[]): void {
    this.#tier?.forget(keys);
  }

  // The public handle's methods reject on failure: the caller asked for them explicitly.
  clear(partition?: string): Promise<number> {
    return this.#store.clear(partition === undefined ? undefined : { partition });
  }

  stats(): Promise<StoreStats> {
    return this.#store.stats();
  }

  /** Resolves when batched LRU touches and queued evictions are written. Never rejects. */
  settled(): Promise<void> {
    return this.#governor.flush();
  }

  async close(): Promise<void> {
    await this.#governor.flush();
    await this.#store.close();
  }
}
