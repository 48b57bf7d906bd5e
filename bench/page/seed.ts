// Synthetic entries for the scale steps: a few through the store API, the bulk in big transactions.
import type { CacheStore, NewCacheEntry, StoredResponse } from '../../src/index.ts';
import { measuredEntry } from '../../src/store/entry-size.ts';
import { TOTALS_KEY } from '../../src/store/indexeddb-schema.ts';
import { partitionTotalsKey } from '../../src/store/indexeddb-schema-v9.ts';
import { validTotals } from '../../src/store/indexeddb-totals.ts';
import { connect } from './floor.ts';

/** A stored response as policy would have built it for a fresh `max-age=3600` 200. */
function seedResponse(url: string, now: number): StoredResponse {
  return {
    status: 200,
    statusText: 'OK',
    url,
    redirected: false,
    headers: [
      ['cache-control', 'max-age=3600'],
      ['content-type', 'application/octet-stream'],
      ['etag', '"seed"'],
    ],
    requestTime: now,
    responseTime: now,
    freshness: {
      lifetimeMs: 3_600_000,
      heuristic: false,
      correctedInitialAgeMs: 0,
      noCache: false,
      mustRevalidate: false,
      immutable: false,
      staleWhileRevalidateMs: 0,
      staleIfErrorMs: 0,
      etag: '"seed"',
      lastModified: null,
    },
    vary: { kind: 'names', names: [] },
  };
}

export function seedEntry(i: number, bodyBytes: number, now: number): NewCacheEntry {
  const url = `${location.origin}/seed/${i}`;
  // Last use older than anything fetched: eviction takes seeds first, never the measured entry.
  return {
    id: `seed-${i}`,
    key: `bench-seed:${url}`,
    secondaryKey: '',
    partition: '',
    lastUsed: i,
    bodySize: bodyBytes,
    response: seedResponse(url, now),
  };
}

/** Seeds entries [from, to) through `store.put`, 500 in flight; resolves to ms per put. */
export async function seedThroughStore(
  store: CacheStore,
  from: number,
  to: number,
  bodyBytes: number,
): Promise<number> {
  const body = new ArrayBuffer(bodyBytes);
  const now = Date.now();
  const start = performance.now();
  for (let first = from; first < to; first += 500) {
    const puts: Promise<string[]>[] = [];
    for (let i = first; i < Math.min(to, first + 500); i++)
      puts.push(store.put(seedEntry(i, bodyBytes, now), body));
    await Promise.all(puts);
  }
  return (performance.now() - start) / Math.max(1, to - from);
}

/**
 * Seeds entries [from, to) in 5,000-entry transactions on the store's own schema (entries keyed
 * with the store's measured size, metadata and body records side by side in `records` (schema v4), and the running totals in `meta`
 * moved in the same transaction, as the store itself does): `store.put` is one transaction per
 * entry, too slow to reach 100,000 within the bench's time budget.
 */
export async function seedInBulk(
  dbName: string,
  from: number,
  to: number,
  bodyBytes: number,
): Promise<void> {
  const db = await connect(dbName);
  const body = new ArrayBuffer(bodyBytes);
  const now = Date.now();
  for (let first = from; first < to; first += 5000) {
    const tx = db.transaction(['records', 'meta'], 'readwrite');
    const records = tx.objectStore('records');
    let added = 0;
    let addedBytes = 0;
    for (let i = first; i < Math.min(to, first + 5000); i++) {
      const entry = measuredEntry(seedEntry(i, bodyBytes, now), bodyBytes);
      void records.put(entry, [entry.key, entry.id, 0]);
      void records.put({ bodyOf: entry.id, body }, [entry.key, entry.id, 1]);
      added += 1;
      addedBytes += entry.size;
    }
    // Seed ids are new, so nothing is replaced. Totals the store could not trust stay as they
    // are: it recomputes them on next use.
    // Every seed entry is in the default partition: its totals (schema v8) move the same way.
    const meta = tx.objectStore('meta');
    for (const key of [TOTALS_KEY, partitionTotalsKey('')]) {
      const totals: unknown = await meta.get(key);
      if (validTotals(totals)) {
        const next = { entries: totals.entries + added, bytes: totals.bytes + addedBytes };
        await meta.put(next, key);
      }
    }
    await tx.done;
  }
}

/** Entry count, by IndexedDB's own count of the records (independent of the store's totals). */
export async function countEntries(dbName: string): Promise<number> {
  const db = await connect(dbName);
  return db.countFromIndex('records', 'id');
}
