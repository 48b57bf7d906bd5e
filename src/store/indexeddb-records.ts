// The part of the IndexedDB layout a read needs (./indexeddb-schema has the rest): small, and
// without idb, so that a page's first lookups can read the database before the store's chunk has
// loaded (./indexeddb-early-read, decision 0027).
import type { CacheEntry, LookupResult, StoredBody } from './cache-store';

/** The version `IndexedDBStore` opens. Bump it together with `upgradeSchema` (./indexeddb-migration). */
export const SCHEMA_VERSION = 9;

/** A stored body, and the id of the entry it belongs to. */
export interface BodyRecord {
  bodyOf: string;
  body: StoredBody;
}

/** Every record, metadata and body, of one primary key. */
export function primaryKeyRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/** The lookup's answer from the records of one key: its variants, the chosen one and its body. */
export function chooseIn(
  records: Array<CacheEntry | BodyRecord>,
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
): LookupResult {
  const variants: CacheEntry[] = [];
  const bodies = new Map<string, StoredBody>();
  for (const record of records) {
    if ('bodyOf' in record) bodies.set(record.bodyOf, record.body);
    else variants.push(record);
  }
  const chosen = choose(variants);
  return { variants, chosen, body: chosen && bodies.get(chosen.id) };
}
