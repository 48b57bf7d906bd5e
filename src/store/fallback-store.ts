// A store that switches to memory for the session when its primary cannot be opened at all.

import type { StoredResponse } from '../policy/snapshot';
import type {
  CacheEntry,
  CacheStore,
  EquivalentsQuery,
  LookupResult,
  NewCacheEntry,
  StoredBody,
  StoreLimits,
  StoreListFilter,
  StoreStats,
  WipedDetail,
} from './cache-store';
import { newHashKey } from './hash-key';
import { MemoryStore } from './memory-store';
import { partitionsOf } from './partitions';
import { lookupEntry } from './read-variants';
import { notify, type StoreErrorHandler, StoreOpenError } from './store-errors';
import { optionalFunction } from './store-option-checks';

/** Options of {@link FallbackStore}. */
export interface FallbackStoreOptions {
  /** Told once, with recovery `'memory'`, when the store switches to its fallback. */
  onError?: StoreErrorHandler | undefined;
  /** Makes the store used after the switch. Default: a new {@link MemoryStore}. */
  createFallback?: () => CacheStore;
}

/**
 * A {@link CacheStore} that uses `primary` until it rejects with a {@link StoreOpenError} (the
 * store cannot be opened at all: IndexedDB refused, timed out, or came up without its object
 * stores). It then switches to a fallback store (memory by default) for the rest of the session,
 * reports that once through `onError`, and runs the failed call again on the fallback, so the
 * switch never fails a call. Other errors pass through unchanged: they concern one operation,
 * not the store.
 */
export class FallbackStore implements CacheStore {
  #current: CacheStore;
  #fellBack = false;
  readonly #onError: StoreErrorHandler | undefined;
  readonly #createFallback: () => CacheStore;

  constructor(primary: CacheStore, options: FallbackStoreOptions = {}) {
    this.#current = primary;
    this.#onError = optionalFunction('onError', options.onError);
    this.#createFallback =
      optionalFunction('createFallback', options.createFallback) ?? (() => new MemoryStore());
  }

  /** Whether the store in use now persists (false once it has switched to memory). */
  get persistent(): boolean {
    return this.#current.persistent === true;
  }

  /** Wipes of the primary store (a memory fallback is never wiped behind its back). */
  watchWipes(listener: (lost: WipedDetail) => void): void {
    this.#current.watchWipes?.(listener);
  }

  /** True once the store has switched to its fallback. */
  get usingFallback(): boolean {
    return this.#fellBack;
  }

  getVariants(key: string): Promise<CacheEntry[]> {
    return this.#run((store) => store.getVariants(key));
  }
  lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
    equivalents?: EquivalentsQuery,
  ): Promise<LookupResult> {
    return this.#run((store) => lookupEntry(store, key, choose, equivalents));
  }
  getBody(id: string): Promise<StoredBody | undefined> {
    return this.#run((store) => store.getBody(id));
  }
  put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    return this.#run((store) => store.put(entry, body));
  }
  update(id: string, response: StoredResponse): Promise<boolean> {
    return this.#run((store) => store.update(id, response));
  }
  touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    return this.#run((store) => store.touch(uses));
  }
  delete(key: string): Promise<string[]> {
    return this.#run((store) => store.delete(key));
  }
  clear(filter?: { partition?: string }): Promise<number> {
    return this.#run((store) => store.clear(filter));
  }
  prune(limits: StoreLimits): Promise<CacheEntry[]> {
    return this.#run((store) => store.prune(limits));
  }
  list(filter?: StoreListFilter): Promise<CacheEntry[]> {
    return this.#run((store) => store.list(filter));
  }
  partitions(): Promise<string[]> {
    return this.#run(partitionsOf);
  }

  stats(filter?: { partition?: string }): Promise<StoreStats> {
    return this.#run((store) => store.stats(filter));
  }
  /** Whether the store in use does (the built-in ones it switches between both do). */
  get prunesPartitions(): boolean {
    return this.#current.prunesPartitions === true;
  }
  close(): Promise<void> {
    return this.#current.close();
  }
  /** Opens the primary store now; one that cannot open switches to memory now, reported once. */
  open(): Promise<void> {
    return this.#run(async (store) => store.open?.());
  }
  hashKey(): Promise<ArrayBuffer> {
    return this.#run((store) => (store.hashKey ? store.hashKey() : this.#ownKey()));
  }

  #ownHashKey: ArrayBuffer | undefined;
  async #ownKey(): Promise<ArrayBuffer> {
    this.#ownHashKey ??= newHashKey();
    return this.#ownHashKey;
  }

  /** The last call made: one bound for the fallback waits for it, so calls keep their order there. */
  #previous: Promise<unknown> = Promise.resolve();

  #run<T>(call: (store: CacheStore) => Promise<T>): Promise<T> {
    const result = this.#runAfter(call, this.#previous);
    // Its failure is its caller's: awaited below only on the way to the fallback.
    this.#previous = result;
    return result;
  }

  /**
   * `call` on the store in use. Calls that failed on the open, and calls made since the switch,
   * run on the fallback in the order they were made, each once the one before it has settled:
   * they fail at different moments (a put waits for the writes' code first), and a clear made
   * after a put must not run before it, or what a logout removed would be kept (decision 0003).
   */
  async #runAfter<T>(
    call: (store: CacheStore) => Promise<T>,
    previous: Promise<unknown>,
  ): Promise<T> {
    const store = this.#current;
    if (!this.#fellBack) {
      try {
        return await call(store);
      } catch (error) {
        if (!(error instanceof StoreOpenError)) throw error;
        // Several calls may fail on the same open: only the first switches and reports.
        if (this.#current === store && !this.#fellBack) this.#switch(store, error);
      }
    }
    await previous.catch(() => {});
    return call(this.#current);
  }

  #switch(failed: CacheStore, error: StoreOpenError): void {
    this.#current = this.#createFallback();
    this.#fellBack = true;
    failed.close().catch(() => {});
    notify(this.#onError, error, { operation: 'open', recovery: 'memory' });
  }
}
