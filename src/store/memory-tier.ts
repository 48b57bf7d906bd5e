// The memory tier: a bounded copy of recently used entries (metadata, small bodies) in front of any
// CacheStore, so a repeated hit reads no IndexedDB. Write-through: the store behind stays the truth.

import { resolveMemoryTierLimits } from '../options/memory-option';
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
} from './cache-store';
import type { MemoryTierLimits, ResolvedMemoryTierLimits } from './limits';
import { MemoryStore } from './memory-store';
import { partitionsOf } from './partitions';
import { lookupEntry } from './read-variants';

export type { MemoryTierLimits } from './limits';

/**
 * A {@link CacheStore} in front of `store`: lookups of a key it knows are answered from memory
 * (a {@link MemoryStore} of copies), every write goes to `store` first and reaches memory only
 * once `store` took it (a failed write drops the key from memory). It knows a key when it holds
 * every variant `store` has for it (or knows there is none), and holds only keys whose bodies are
 * all at most a sixteenth of `maxBytes`; past its limits it drops the least recently used. A read
 * that a write overtook is never kept. It cannot see changes others make to `store`: its owner
 * calls {@link MemoryTier.forget} when another tab says it changed something. What its lookups
 * return is memory's own (metadata frozen, bodies for `new Response` only), not copies: copying
 * was most of a warm hit's cost.
 */
export class MemoryTier implements CacheStore {
  readonly #store: CacheStore;
  readonly #limits: ResolvedMemoryTierLimits;
  readonly #memory = new MemoryStore();
  /** Keys whose every variant `#memory` holds, oldest first. */
  readonly #known = new Set<string>();
  /** Moves when a write starts or ends: a read that saw it move keeps nothing. */
  #writes = 0;

  constructor(store: CacheStore, limits: MemoryTierLimits = {}) {
    this.#store = store;
    this.#limits = resolveMemoryTierLimits(limits);
  }

  /** The front reads through `lookup`; this plain read goes to the store. */
  getVariants(key: string): Promise<CacheEntry[]> {
    return this.#store.getVariants(key);
  }

  async lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
    equivalents?: EquivalentsQuery,
  ): Promise<LookupResult> {
    // Held in memory: its candidates, if any are needed, are listed apart.
    if (this.#known.has(key)) {
      const variants = this.#memory.heldVariants(key);
      const chosen = choose(variants);
      return { variants, chosen, body: chosen && (await this.getBody(chosen.id)) };
    }
    const writes = this.#writes;
    const result = await lookupEntry(this.#store, key, choose, equivalents);
    const { variants, chosen, body } = result;
    if (writes === this.#writes && variants.every((v) => this.#small(v.bodySize))) {
      this.#known.add(key);
      for (const variant of variants) this.#memory.hold(variant);
      if (chosen && body) this.#memory.holdBody(chosen.id, body);
      await this.#keepToLimits();
    }
    return result;
  }

  /**
   * The lookup of a key memory answers whole (its variants, and the chosen one's body), at once;
   * undefined when it cannot. What it returns is memory's own, not copied: read it, give the body
   * to `new Response` (which copies it), change nothing.
   */
  peek(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): LookupResult | undefined {
    if (!this.#known.has(key)) return undefined;
    const variants = this.#memory.heldVariants(key);
    const chosen = choose(variants);
    const body = chosen && this.#memory.heldBody(chosen.id);
    return chosen && !body ? undefined : { variants, chosen, body };
  }

  async getBody(id: string): Promise<StoredBody | undefined> {
    const held = await this.#memory.getBody(id);
    if (held) return held;
    const writes = this.#writes;
    const body = await this.#store.getBody(id);
    if (body && writes === this.#writes) this.#memory.holdBody(id, body);
    return body;
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    const { key } = entry;
    const replaced = await this.#write(() => this.#store.put(entry, body), key);
    if (this.#known.has(key)) {
      if (!this.#small(body.byteLength)) this.#drop(key);
      else {
        await this.#memory.put(entry, body);
        await this.#keepToLimits();
      }
    }
    return replaced;
  }

  async update(id: string, response: StoredResponse): Promise<boolean> {
    const updated = await this.#write(() => this.#store.update(id, response));
    // Not in the store (evicted meanwhile): memory must not keep it either.
    if (!updated) this.forget();
    else await this.#memory.update(id, response);
    return updated;
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    await this.#store.touch(uses);
    await this.#memory.touch(uses);
  }

  delete(key: string): Promise<string[]> {
    this.#drop(key);
    return this.#write(() => this.#store.delete(key), key).finally(() => this.#drop(key));
  }

  clear(filter?: { partition?: string }): Promise<number> {
    this.forget();
    return this.#write(() => this.#store.clear(filter)).finally(() => this.forget());
  }

  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const removed = await this.#store.prune(limits);
    if (removed.length > 0) this.forget(removed.map((entry) => entry.key));
    return removed;
  }

  stats(filter?: { partition?: string }): Promise<StoreStats> {
    return this.#store.stats(filter);
  }

  get prunesPartitions(): boolean {
    return this.#store.prunesPartitions === true;
  }

  list(filter?: StoreListFilter): Promise<CacheEntry[]> {
    return this.#store.list(filter);
  }

  partitions(): Promise<string[]> {
    return partitionsOf(this.#store);
  }

  open(): Promise<void> {
    return this.#store.open?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    this.forget();
    return this.#store.close();
  }

  /** The store's key: memory holds what the store holds, under the same hashes. */
  hashKey(): Promise<ArrayBuffer> {
    return this.#store.hashKey ? this.#store.hashKey() : this.#memory.hashKey();
  }

  /** Forgets these keys (every key when omitted): someone else changed them in the store. */
  forget(keys?: readonly string[]): void {
    this.#writes++;
    if (keys) for (const key of keys) this.#drop(key);
    else {
      this.#known.clear();
      void this.#memory.clear();
    }
  }

  /** Runs a write on the store; when it fails, memory forgets `key` (everything without one). */
  async #write<T>(write: () => Promise<T>, key?: string): Promise<T> {
    this.#writes++;
    try {
      return await write();
    } catch (error) {
      this.forget(key === undefined ? undefined : [key]);
      throw error;
    } finally {
      this.#writes++;
    }
  }

  #small(bytes: number): boolean {
    return bytes <= this.#limits.maxBytes / 16;
  }

  /** Least recently used entries go first (MemoryStore's prune), then the oldest known keys. */
  async #keepToLimits(): Promise<void> {
    for (const { key } of await this.#memory.prune(this.#limits)) this.#drop(key);
    for (const key of this.#known) {
      if (this.#known.size <= this.#limits.maxEntries) break;
      this.#drop(key);
    }
  }

  #drop(key: string): void {
    this.#known.delete(key);
    void this.#memory.delete(key);
  }
}
