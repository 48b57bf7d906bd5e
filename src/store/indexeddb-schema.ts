// The IndexedDB layout of every schema version; the forward migrations between them are in
// ./indexeddb-migration (a chunk loaded only when a database is older than the schema).
import type { DBSchema, IDBPDatabase } from 'idb';
import type { StoredResponse } from '../policy/snapshot';
import type { CacheEntry, StoreStats } from './cache-store';
import { storedSize } from './entry-size';
import { newHashKey } from './hash-key';
import type { BodyRecord } from './indexeddb-records';
import type { PartitionTotalsKey } from './indexeddb-schema-v9';
import { type OutboxRecord, upgradeOutbox } from './outbox-schema';

export { type BodyRecord, primaryKeyRange, SCHEMA_VERSION } from './indexeddb-records';

/** The key of the running totals in `meta`. */
export const TOTALS_KEY = 'totals';

/** The key of the database's hash key in `meta`: 32 random bytes (decision 0018). */
export const HASH_KEY = 'hash-key';

/** `meta` as the hash key is read and written there (the schema types `meta` for the totals). */
export interface KeyRecords {
  get(key: typeof HASH_KEY): Promise<unknown>;
  put(value: ArrayBuffer, key: typeof HASH_KEY): Promise<unknown>;
}

/** A hash key as `IndexedDBStore.hashKey` writes it. */
export function isHashKey(value: unknown): value is ArrayBuffer {
  return isArrayBuffer(value) && value.byteLength === 32;
}

/**
 * Version 9 (current): the layout of version 8, with the index `partitionLru` on `records`
 * (`[partition, lastUsed, id]`: one partition's LRU walk) in place of `partition` (its prefix
 * answers the same queries), and, in `meta`, each partition's running totals under
 * `[PARTITION_TOTALS, partition]`, computed by the upgrade from the entries and moved with them
 * since (`maxBytesPerPartition`, decision 0026). See ./indexeddb-schema-v9.
 *
 * Version 8 (released): the layout of version 7, plus the index `searchBase` on `records` (key path
 * `['searchBase', 'partition']`: only metadata records that have a `searchBase`, those of complete
 * responses with a No-Vary-Search field; decision 0025). The upgrade gives the entries stored
 * before it their `searchBase` (./search-base, as the front sets it).
 *
 * Version 7 (released): the layout of version 6, plus the multiEntry index `groups` on `records`
 * (key path `response.groups`: every Cache-Groups group of an entry, RFC 9875; decision 0025).
 * Entries written before have no groups: nothing to move.
 *
 * Version 6 (released): the layout of version 5, plus `outbox` (queued writes, ./outbox-schema).
 *
 * Version 5 (released): the layout of version 4; `meta` also holds {@link HASH_KEY}, and no entry
 * holds a credential in plain text (decision 0018): the upgrade drops every entry whose secondary
 * key holds a value of a field not known to be public, and marks the credentials of the others
 * unknown (they are revalidated once before reuse).
 *
 * Version 4 (released). One object store for metadata and bodies, so a hit is one request: a
 * `getAll` of the key range `[key]` returns every variant of a primary key and their bodies
 * (decision 0004, "One request per hit"). They stay separate records, so a 304 writes only the
 * metadata record and never a body byte; running totals make `stats()` one read and `prune()`
 * proportional to what it evicts.
 * - `records`: out-of-line keys `[key, id, kind]`: kind {@link METADATA} holds the
 *   {@link CacheEntry}, kind {@link BODY} a {@link BodyRecord}. Indexes on the metadata records
 *   only (a body record has none of their fields): `id`, `key` (delete by URI, getVariants),
 *   `variant` ([key, secondaryKey]: the entry a put replaces), `lastUsed` ([lastUsed, id]: the
 *   LRU walk in prune, ties by id),
 *   `partition` (clear one partition); and `bodyOf` on the body records only (getBody by id).
 *   The body is an `ArrayBuffer`, or a `Blob` for bodies of 32 KiB and more where the platform
 *   clones Blobs faithfully (browsers; not fake-indexeddb).
 * - `meta`: out-of-line keys; {@link TOTALS_KEY} → the entry count and the sum of
 *   `CacheEntry.size` over the metadata records, written in the same transaction as every change
 *   to them.
 *
 * Version 3 (released) kept metadata in `entries` (keyPath `id`, the same indexes but `bodyOf`)
 * and bodies in `bodies` (keyed by entry id, the body itself the value): a hit was two requests.
 * Version 2 (released) was version 3 without `meta`.
 */
export interface CacheDB extends DBSchema {
  records: {
    key: RecordKey;
    value: CacheEntry | BodyRecord;
    indexes: {
      id: string;
      key: string;
      variant: [string, string];
      lastUsed: [number, string];
      bodyOf: string;
      /** Version 7. */
      groups: string;
      /** Version 8. */
      searchBase: [string, string];
      /** Version 9; versions 4 to 8 had `partition` (on `partition`) instead. */
      partitionLru: [string, number, string];
    };
  };
  meta: { key: typeof TOTALS_KEY | PartitionTotalsKey; value: StoreStats };
  /** Version 6: queued writes (./outbox-schema). */
  outbox: { key: number; value: OutboxRecord; indexes: { id: string; partition: string } };
}

/** The third part of a record's key: what the record holds. */
export const METADATA = 0;
export const BODY = 1;
export type RecordKey = [key: string, id: string, kind: typeof METADATA | typeof BODY];

/** The key of an entry's metadata record. */
export function metadataKey({ key, id }: { key: string; id: string }): RecordKey {
  return [key, id, METADATA];
}

/** The key of an entry's body record. */
export function bodyKey({ key, id }: { key: string; id: string }): RecordKey {
  return [key, id, BODY];
}

/**
 * Version 1 (released layout, kept for migration only): a single `entries` store, keyPath `id`,
 * with one index `key`. The body was stored inline, so every lookup loaded every body; there
 * were no partitions (everything was the default partition), no LRU index and no measured size.
 */
export interface CacheDBv1 extends DBSchema {
  entries: { key: string; value: V1Entry; indexes: { key: string } };
}

/** An entry as version 1 stored it. */
export interface V1Entry {
  id: string;
  key: string;
  secondaryKey: string;
  lastUsed: number;
  bodySize: number;
  response: StoredResponse;
  body: ArrayBuffer;
}

/** Anything that can open a cursor over entries: an upgrade or an ordinary transaction's store. */
interface EntrySource {
  openCursor(): Promise<{ value: unknown; continue(): Promise<unknown> } | null>;
}

/** Counts the entries and sums their `size` with one cursor walk: O(n), for migration and repair. */
export async function sumEntries(entries: EntrySource): Promise<StoreStats> {
  let count = 0;
  let bytes = 0;
  let cursor = await entries.openCursor();
  while (cursor) {
    count += 1;
    bytes += storedSize(cursor.value as Partial<CacheEntry>);
    cursor = (await cursor.continue()) as typeof cursor;
  }
  return { entries: count, bytes };
}

// Realm-independent: a body cloned by another realm's IndexedDB is not `instanceof` ours.
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/**
 * A new database (no earlier version) laid out at {@link SCHEMA_VERSION}: what `upgradeSchema`
 * (./indexeddb-migration) leaves on an empty one, without its walks over stored data, so that a
 * first visit needs no migration chunk. Call from the upgrade of an open at SCHEMA_VERSION; the
 * promise settles with its two writes (abort the upgrade if it rejects). The migration tests
 * check that a migrated database ends with this layout.
 */
export function createSchema(db: IDBPDatabase<unknown>): Promise<unknown> {
  upgradeOutbox(db);
  const records = db.createObjectStore('records');
  // As in upgradeSchema's rebuild, then versions 7 (`groups`), 8 (`searchBase`), 9 (`partitionLru`).
  for (const index of ['id', 'key', 'bodyOf']) records.createIndex(index, index);
  records.createIndex('variant', ['key', 'secondaryKey']);
  records.createIndex('lastUsed', ['lastUsed', 'id']);
  records.createIndex('groups', 'response.groups', { multiEntry: true });
  records.createIndex('searchBase', ['searchBase', 'partition']);
  records.createIndex('partitionLru', ['partition', 'lastUsed', 'id']);
  const meta = db.createObjectStore('meta');
  return Promise.all([
    meta.put({ entries: 0, bytes: 0 }, TOTALS_KEY),
    meta.put(newHashKey(), HASH_KEY),
  ]);
}
