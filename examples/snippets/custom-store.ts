// A custom CacheStore: entries and bodies in Web Storage (localStorage, sessionStorage, or anything
// with the Storage interface). Small on purpose: every lookup scans, and Web Storage holds ~5 MB.
import {
  type CacheEntry,
  type CacheStore,
  createCachedFetch,
  type NewCacheEntry,
  type StoredResponse,
  type StoreLimits,
  type StoreStats,
} from 'cached-fetch';
import { measureEntrySize } from 'cached-fetch/stores';

/** The measure the built-in stores use, so that maxBytes means the same thing everywhere. */
function measured(entry: NewCacheEntry | CacheEntry, bodySize: number): CacheEntry {
  const { size: _old, ...metadata } = { ...entry, bodySize } as CacheEntry;
  return { ...metadata, size: measureEntrySize(metadata, bodySize) };
}

function toBase64(bytes: ArrayBuffer): string {
  let binary = '';
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const view = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) view[i] = binary.charCodeAt(i);
  return view.buffer;
}

export class WebStorageStore implements CacheStore {
  readonly #storage: Storage;
  readonly #prefix: string;

  constructor(storage: Storage, prefix = 'cached-fetch:') {
    this.#storage = storage;
    this.#prefix = prefix;
  }

  async getVariants(key: string): Promise<CacheEntry[]> {
    return this.#all().filter((entry) => entry.key === key);
  }

  async getBody(id: string): Promise<ArrayBuffer | undefined> {
    const text = this.#storage.getItem(this.#bodyKey(id));
    return text === null ? undefined : fromBase64(text);
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    // Everything that can throw before the first write. structuredClone rejects what IndexedDB
    // would (the contract asks for that); JSON alone would silently drop it.
    const entryText = JSON.stringify(measured(structuredClone(entry), body.byteLength));
    const bodyText = toBase64(body);
    const replaced = this.#all()
      .filter(
        (e) => e.id === entry.id || (e.key === entry.key && e.secondaryKey === entry.secondaryKey),
      )
      .map((e) => e.id);
    const writes: Array<[string, string]> = [
      [this.#bodyKey(entry.id), bodyText],
      [this.#entryKey(entry.id), entryText],
    ];
    const before = writes.map(([name]) => [name, this.#storage.getItem(name)] as const);
    try {
      for (const [name, value] of writes) this.#storage.setItem(name, value);
    } catch (error) {
      // A QuotaExceededError half-way: put back what was there, so a failed put changes nothing.
      for (const [name, value] of before) {
        if (value === null) this.#storage.removeItem(name);
        else this.#storage.setItem(name, value);
      }
      throw error;
    }
    for (const id of replaced) if (id !== entry.id) this.#remove(id);
    return replaced;
  }

  async update(id: string, response: StoredResponse): Promise<boolean> {
    const current = this.#entry(id);
    if (!current) return false;
    this.#write(measured({ ...current, response }, current.bodySize));
    return true;
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    for (const { id, lastUsed } of uses) {
      const entry = this.#entry(id);
      if (entry && lastUsed > entry.lastUsed) this.#write({ ...entry, lastUsed });
    }
  }

  async delete(key: string): Promise<string[]> {
    const ids = (await this.getVariants(key)).map((entry) => entry.id);
    for (const id of ids) this.#remove(id);
    return ids;
  }

  async clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    const doomed = this.#all().filter((e) => partition === undefined || e.partition === partition);
    for (const entry of doomed) this.#remove(entry.id);
    return doomed.length;
  }

  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
    const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
    // Most recently used first (ties by id, as the built-in stores order them).
    const newestFirst = this.#all().sort(
      (a, b) => b.lastUsed - a.lastUsed || (a.id < b.id ? 1 : -1),
    );
    // Keep the longest run of most recently used entries within both limits; the rest go (LRU).
    let kept = 0;
    let keptBytes = 0;
    const removed: CacheEntry[] = [];
    for (const entry of newestFirst) {
      if (removed.length === 0 && kept + 1 <= maxEntries && keptBytes + entry.size <= maxBytes) {
        kept += 1;
        keptBytes += entry.size;
      } else removed.push(entry);
    }
    for (const entry of removed) this.#remove(entry.id);
    return removed.reverse();
  }

  async stats(): Promise<StoreStats> {
    const entries = this.#all();
    return { entries: entries.length, bytes: entries.reduce((sum, e) => sum + e.size, 0) };
  }

  async list(filter: { partition?: string } = {}): Promise<CacheEntry[]> {
    return this.#all()
      .filter((entry) => filter.partition === undefined || entry.partition === filter.partition)
      .sort((a, b) => b.lastUsed - a.lastUsed);
  }

  async close(): Promise<void> {}

  #entryKey(id: string): string {
    return `${this.#prefix}entry:${id}`;
  }

  #bodyKey(id: string): string {
    return `${this.#prefix}body:${id}`;
  }

  #entry(id: string): CacheEntry | undefined {
    const text = this.#storage.getItem(this.#entryKey(id));
    return text === null ? undefined : (JSON.parse(text) as CacheEntry);
  }

  #write(entry: CacheEntry): void {
    this.#storage.setItem(this.#entryKey(entry.id), JSON.stringify(entry));
  }

  #all(): CacheEntry[] {
    const prefix = this.#entryKey('');
    const entries: CacheEntry[] = [];
    for (let i = 0; i < this.#storage.length; i++) {
      const name = this.#storage.key(i);
      if (name?.startsWith(prefix))
        entries.push(JSON.parse(this.#storage.getItem(name)!) as CacheEntry);
    }
    return entries;
  }

  #remove(id: string): void {
    this.#storage.removeItem(this.#entryKey(id));
    this.#storage.removeItem(this.#bodyKey(id));
  }
}

/** Usage: a cache that lives as long as the tab (sessionStorage), capped well under its quota. */
export function createSessionCachedFetch() {
  return createCachedFetch({ store: new WebStorageStore(sessionStorage), maxBytes: 2_000_000 });
}
