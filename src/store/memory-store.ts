// The CacheStore contract in memory: for Node, SSR, tests, and the fallback when IndexedDB is unusable.
import type { StoredResponse } from '../policy/snapshot';
import type { CacheEntry, CacheStore, NewCacheEntry, StoreLimits, StoreStats } from './cache-store';
import { measuredEntry } from './entry-size';

/** Oldest use first, ties by id: the same order as IndexedDBStore's `lastUsed` index. */
export function byLeastRecentUse(a: CacheEntry, b: CacheEntry): number {
  if (a.lastUsed !== b.lastUsed) return a.lastUsed - b.lastUsed;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A {@link CacheStore} that keeps everything in memory for the life of the instance.
 *
 * It behaves like `IndexedDBStore` in every observable way: entries and bodies are copied on
 * the way in and out (callers can neither mutate nor detach what is stored), a put that fails
 * (e.g. a detached body) changes nothing, and `prune` evicts in the same LRU order. `close()`
 * releases nothing and loses nothing. Sizes use the shared `measureEntrySize` measure.
 */
export class MemoryStore implements CacheStore {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #bodies = new Map<string, ArrayBuffer>();
  /** Primary key → ids of its variants; kept in step with #entries. */
  readonly #idsByKey = new Map<string, Set<string>>();

  async getVariants(key: string): Promise<CacheEntry[]> {
    const ids = this.#idsByKey.get(key) ?? [];
    return [...ids].map((id) => structuredClone(this.#entries.get(id)!));
  }

  async getBody(id: string): Promise<ArrayBuffer | undefined> {
    return this.#bodies.get(id)?.slice(0);
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    // Everything that can throw (copying, measuring) happens before the first mutation, so a
    // failed put leaves the store exactly as it was.
    const stored = structuredClone(measuredEntry(entry, body.byteLength));
    const bodyCopy = body.slice(0);
    const replaced = [...(this.#idsByKey.get(entry.key) ?? [])].filter(
      (id) => this.#entries.get(id)!.secondaryKey === entry.secondaryKey,
    );
    if (this.#entries.has(entry.id) && !replaced.includes(entry.id)) replaced.push(entry.id);
    for (const id of replaced) this.#remove(id);
    this.#entries.set(stored.id, stored);
    this.#bodies.set(stored.id, bodyCopy);
    this.#idsFor(stored.key).add(stored.id);
    return replaced;
  }

  async update(id: string, response: StoredResponse): Promise<boolean> {
    const current = this.#entries.get(id);
    if (!current) return false;
    const next = structuredClone(measuredEntry({ ...current, response }, current.bodySize));
    this.#entries.set(id, next);
    return true;
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    for (const { id, lastUsed } of uses) {
      const entry = this.#entries.get(id);
      if (entry && lastUsed > entry.lastUsed) entry.lastUsed = lastUsed;
    }
  }

  async delete(key: string): Promise<string[]> {
    const ids = [...(this.#idsByKey.get(key) ?? [])];
    for (const id of ids) this.#remove(id);
    return ids;
  }

  async clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    if (partition === undefined) {
      const count = this.#entries.size;
      this.#entries.clear();
      this.#bodies.clear();
      this.#idsByKey.clear();
      return count;
    }
    const ids = [...this.#entries.values()]
      .filter((e) => e.partition === partition)
      .map((e) => e.id);
    for (const id of ids) this.#remove(id);
    return ids.length;
  }

  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
    const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
    const newestFirst = [...this.#entries.values()].sort(byLeastRecentUse).reverse();
    // Keep the longest run of most recently used entries that fits both limits; once one entry
    // does not fit, it and everything used before it go (strict LRU, as IndexedDBStore does).
    let kept = 0;
    let keptBytes = 0;
    const removed: CacheEntry[] = [];
    for (const entry of newestFirst) {
      if (removed.length === 0 && kept + 1 <= maxEntries && keptBytes + entry.size <= maxBytes) {
        kept += 1;
        keptBytes += entry.size;
      } else {
        removed.push(entry);
      }
    }
    for (const entry of removed) this.#remove(entry.id);
    return removed.reverse();
  }

  async stats(): Promise<StoreStats> {
    let bytes = 0;
    for (const entry of this.#entries.values()) bytes += entry.size;
    return { entries: this.#entries.size, bytes };
  }

  async list(filter: { partition?: string } = {}): Promise<CacheEntry[]> {
    return [...this.#entries.values()]
      .filter((entry) => filter.partition === undefined || entry.partition === filter.partition)
      .sort((a, b) => byLeastRecentUse(b, a))
      .map((entry) => structuredClone(entry));
  }

  async close(): Promise<void> {}

  #idsFor(key: string): Set<string> {
    const ids = this.#idsByKey.get(key) ?? new Set<string>();
    this.#idsByKey.set(key, ids);
    return ids;
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bodies.delete(id);
    const ids = this.#idsByKey.get(entry.key);
    ids?.delete(id);
    if (ids?.size === 0) this.#idsByKey.delete(entry.key);
  }
}
