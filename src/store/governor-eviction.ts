// What StoreGovernor (./governor) does only after a store write: the coalesced eviction that
// follows every write, and the retries after a quota error. A hit runs none of it (issue 24,
// decision 0027), so it loads with import() once a write has been made, in the `writes` chunk:
// a write to the default store has loaded that chunk for its put already (rollup.config.js).
import type { CacheEntry, CacheStore, NewCacheEntry, StoreLimits } from './cache-store';
import { isQuotaExceeded, notify, type StoreErrorHandler } from './store-errors';

/** Why entries were evicted: over the configured limits, or to make room after a quota error. */
export type EvictionReason = 'limits' | 'quota';

/** What eviction needs of its governor. */
export interface Governed {
  readonly store: CacheStore;
  readonly limits: { maxEntries: number; maxBytes: number };
  readonly maxBytesPerPartition: number | undefined;
  readonly onEvicted: ((entries: CacheEntry[], reason: EvictionReason) => void) | undefined;
  readonly onError: StoreErrorHandler | undefined;
  /** Writes the batched last uses, so that eviction sees them. */
  flushUses(): Promise<void>;
}

/**
 * What each retry after a quota error evicts beyond the room the response needs: this share of
 * the current entries and bytes, more each time (the store's byte count understates what the
 * browser counts). Halving at once, as before, threw away half the cache on every quota error.
 */
const QUOTA_MARGINS = [0.1, 0.25, 0.5];

/** One governor's eviction: coalesced prunes, and room made after a quota error. */
export class Eviction {
  readonly #governed: Governed;
  /** Partitions written since the last prune: each is checked against its budget then. */
  #written = new Set<string>();
  #pruning: Promise<void> | undefined;
  #pruneQueued: Promise<void> | undefined;

  constructor(governed: Governed) {
    this.#governed = governed;
  }

  /** After a write to `partition`: evicts down to the limits. Never rejects. */
  stored(partition: string): Promise<void> {
    if (this.#governed.maxBytesPerPartition !== undefined) this.#written.add(partition);
    return this.#enforceLimits();
  }

  /**
   * After a quota error on `entry`'s put: evicts room for it plus a margin (see QUOTA_MARGINS) and
   * puts it again, up to three times. `'withdrawn'` when `stillWanted` says no before an attempt;
   * rejects with the last error when it could not be stored (the governor reports it).
   */
  async retry(
    entry: NewCacheEntry,
    body: ArrayBuffer,
    size: number,
    stillWanted: () => boolean,
    failure: unknown,
  ): Promise<'stored' | 'withdrawn'> {
    for (const margin of QUOTA_MARGINS) {
      // Making room took time: the response may no longer be wanted (RFC 9111 §4.4, logout).
      if (!(await this.#makeRoomAfterQuota(size, margin)) || !stillWanted()) {
        if (stillWanted()) throw failure;
        return 'withdrawn';
      }
      try {
        await this.#governed.store.put(entry, body);
        return 'stored';
      } catch (error) {
        if (!isQuotaExceeded(error)) throw error;
        failure = error;
      }
    }
    throw failure;
  }

  /**
   * Evicts down to the limits. Coalesced: while a prune runs, every call shares one queued prune
   * that starts when it ends. Never rejects.
   */
  #enforceLimits(): Promise<void> {
    if (this.#pruneQueued) return this.#pruneQueued;
    const running = this.#pruning;
    if (!running) return this.#startPrune();
    const queued = running.then(() => {
      this.#pruneQueued = undefined;
      return this.#startPrune();
    });
    this.#pruneQueued = queued;
    return queued;
  }

  #startPrune(): Promise<void> {
    const run = this.#pruneAll().then(() => {
      if (this.#pruning === run) this.#pruning = undefined;
    });
    this.#pruning = run;
    return run;
  }

  /**
   * The store's limits, then the budget of each partition written since the last run: a walk of
   * that partition's own LRU order, from its running totals (O(1) when within its budget).
   */
  async #pruneAll(): Promise<void> {
    await this.#prune(this.#governed.limits, 'limits');
    const written = this.#written;
    this.#written = new Set();
    const maxBytes = this.#governed.maxBytesPerPartition;
    if (maxBytes === undefined) return;
    for (const partition of written) await this.#prune({ partition, maxBytes }, 'limits');
  }

  /** Prunes to `limits` with fresh last-use times; reports evictions. Never rejects. */
  async #prune(limits: StoreLimits, reason: EvictionReason): Promise<boolean> {
    const { store, onEvicted, onError } = this.#governed;
    try {
      await this.#governed.flushUses();
      const removed = await store.prune(limits);
      if (removed.length > 0) notify(onEvicted, removed, reason);
      return true;
    } catch (error) {
      notify(onError, error, { operation: 'prune', recovery: 'skipped' });
      return false;
    }
  }

  /**
   * After a quota error: evict room for `size` bytes plus a `margin` share of what is stored now
   * (the store's byte count is not the browser's usage: records cost more on disk). False if that
   * failed, or left nothing to evict.
   */
  async #makeRoomAfterQuota(size: number, margin: number): Promise<boolean> {
    const { store, limits, onError } = this.#governed;
    try {
      const { entries, bytes } = await store.stats();
      if (entries === 0) return false;
      const keep = 1 - margin;
      return await this.#prune(
        {
          maxEntries: Math.floor(Math.min(entries, limits.maxEntries) * keep),
          maxBytes: Math.max(0, Math.floor(Math.min(bytes, limits.maxBytes) * keep) - size),
        },
        'quota',
      );
    } catch (error) {
      notify(onError, error, { operation: 'stats', recovery: 'skipped' });
      return false;
    }
  }
}
