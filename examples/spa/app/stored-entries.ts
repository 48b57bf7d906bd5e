// The stored entries the panel lists, read straight from the store.
//
// CacheStore has no "list everything" method, so the app remembers the URLs it requested (in
// localStorage, which lives as long as the IndexedDB store) and asks the store for the variants
// of each. `cache.stats()` gives the true totals, so the panel can say when it shows fewer.

import type { CacheStore } from '../../../src/index.ts';
import { currentAgeMs, primaryKey, ttlSec } from '../../../src/policy/index.ts';

export interface EntryRow {
  url: string;
  status: number;
  ageSec: number;
  ttlSec: number;
  size: number;
  bodySize: number;
  etag: string | null;
}

const storageKey = 'cached-fetch-example:urls';

export class KnownUrls {
  #urls = new Set<string>(JSON.parse(localStorage.getItem(storageKey) ?? '[]') as string[]);

  add(url: string): void {
    if (this.#urls.has(url)) return;
    this.#urls.add(url);
    localStorage.setItem(storageKey, JSON.stringify([...this.#urls]));
  }

  clear(): void {
    this.#urls.clear();
    localStorage.removeItem(storageKey);
  }

  get all(): string[] {
    return [...this.#urls];
  }
}

/** Every stored variant of the known URLs, in the default partition (this app uses no other). */
export async function storedEntries(
  store: CacheStore,
  urls: string[],
  now: number,
): Promise<EntryRow[]> {
  const variants = await Promise.all(urls.map((url) => store.getVariants(primaryKey('', url))));
  return variants.flat().map((entry) => ({
    url: entry.response.url,
    status: entry.response.status,
    ageSec: Math.floor(currentAgeMs(entry.response, now) / 1000),
    ttlSec: ttlSec(entry.response, now),
    size: entry.size,
    bodySize: entry.bodySize,
    etag: entry.response.freshness.etag,
  }));
}
