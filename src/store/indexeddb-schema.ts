// The IndexedDB layout of every schema version, and the forward migrations between them.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { StoredResponse } from '../policy/snapshot';
import type { CacheEntry, StoredBody, StoreStats } from './cache-store';
import { measuredEntry } from './entry-size';

/** The version `IndexedDBStore` opens. Bump it together with a new `migrate…` step below. */
export const SCHEMA_VERSION = 4;

/** The key of the running totals in `meta`. */
export const TOTALS_KEY = 'totals';

/**
 * Version 4 (current). One object store for metadata and bodies, so a hit is one request: a
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
      partition: string;
      bodyOf: string;
    };
  };
  meta: { key: typeof TOTALS_KEY; value: StoreStats };
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

/** Every record, metadata and body, of one primary key. */
export function primaryKeyRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/** A stored body, and the id of the entry it belongs to. */
export interface BodyRecord {
  bodyOf: string;
  body: StoredBody;
}

export function isBodyRecord(value: CacheEntry | BodyRecord): value is BodyRecord {
  return 'bodyOf' in value;
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

// The upgrade transaction sees stores of every version, so it is typed loosely on purpose.
export type AnyVersionDB = IDBPDatabase<unknown>;
export type UpgradeTransaction = IDBPTransaction<unknown, StoreNames<unknown>[], 'versionchange'>;

/**
 * Brings a database from `oldVersion` to {@link SCHEMA_VERSION}, one step at a time, so a fresh
 * database and an upgraded one end up identical. Must be called from idb's `upgrade` callback.
 * Resolves when every step's requests are done; if it rejects, the caller must abort `transaction`
 * so the database stays at its old version with its data intact.
 */
export async function upgradeSchema(
  db: AnyVersionDB,
  oldVersion: number,
  transaction: UpgradeTransaction,
): Promise<void> {
  const from = layoutVersion(db, oldVersion);
  // A layout of no known version (a hollow database) starts again from nothing.
  if (from < 1) for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
  if (from < 1) createV1(db);
  if (from < 2) await migrateV1ToV2(db, transaction);
  if (from < 3) await migrateV2ToV3(db, transaction);
  if (from < 4) await migrateV3ToV4(db, transaction);
}

/**
 * The version whose layout the database really has. A database can claim a version yet lack its
 * stores (seen in Safari): its layout, not its number, says where the migration starts.
 */
function layoutVersion(db: AnyVersionDB, oldVersion: number): number {
  const names = db.objectStoreNames;
  if (names.contains('records')) return names.contains('meta') ? oldVersion : 0;
  if (!names.contains('entries')) return 0;
  if (!names.contains('bodies')) return Math.min(oldVersion, 1);
  if (!names.contains('meta')) return Math.min(oldVersion, 2);
  return Math.min(oldVersion, 3);
}

function createV1(db: AnyVersionDB): void {
  const entries = db.createObjectStore('entries', { keyPath: 'id' });
  entries.createIndex('key', 'key');
}

/**
 * v1 → v2: moves each inline body into `bodies`, adds the partition ('') and the measured size,
 * and creates the new indexes. Only IndexedDB requests are awaited here: the upgrade transaction
 * commits as soon as it has nothing pending. A v1 record that lacks a body is dropped (the cache is
 * disposable; a half-record is worth nothing).
 */
async function migrateV1ToV2(db: AnyVersionDB, transaction: UpgradeTransaction): Promise<void> {
  db.createObjectStore('bodies');
  const entries = transaction.objectStore('entries');
  entries.createIndex('variant', ['key', 'secondaryKey']);
  entries.createIndex('lastUsed', 'lastUsed');
  entries.createIndex('partition', 'partition');

  const bodies = transaction.objectStore('bodies');
  let cursor = await entries.openCursor();
  while (cursor) {
    const old = cursor.value as Partial<V1Entry>;
    if (isArrayBuffer(old.body)) {
      const { body, ...metadata } = old as V1Entry;
      const entry = measuredEntry({ ...metadata, partition: '' }, body.byteLength);
      await Promise.all([bodies.put(body, entry.id), cursor.update(entry)]);
    } else {
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
}

/**
 * v2 → v3: creates `meta` and computes the totals once, from every entry (one cursor walk; the
 * upgrade transaction is the only one running, so nothing changes underneath it).
 */
async function migrateV2ToV3(db: AnyVersionDB, transaction: UpgradeTransaction): Promise<void> {
  db.createObjectStore('meta');
  const totals = await sumEntries(transaction.objectStore('entries'));
  await transaction.objectStore('meta').put(totals, TOTALS_KEY);
}

/** Entries moved per batch by the v3 → v4 migration: bounds the bodies held at once. */
const MIGRATION_BATCH = 200;

/**
 * v3 → v4: metadata and bodies move into one `records` store keyed `[key, id, kind]`, and
 * `entries` and `bodies` are deleted (with any body no entry owned). Entries and bodies are both
 * ordered by id, so they are walked together in batches: a few requests per batch, not per entry.
 * An entry whose body is missing stays (a lookup reads it as "body gone" and fetches again, as
 * before).
 */
async function migrateV3ToV4(db: AnyVersionDB, transaction: UpgradeTransaction): Promise<void> {
  const records = db.createObjectStore('records');
  records.createIndex('id', 'id');
  records.createIndex('key', 'key');
  records.createIndex('variant', ['key', 'secondaryKey']);
  // Ties broken by id, as the contract's LRU order says (the primary key starts with the URI).
  records.createIndex('lastUsed', ['lastUsed', 'id']);
  records.createIndex('partition', 'partition');
  records.createIndex('bodyOf', 'bodyOf');
  const entries = transaction.objectStore('entries');
  const bodies = transaction.objectStore('bodies');
  let after: IDBKeyRange | undefined;
  for (;;) {
    const batch = (await entries.getAll(after, MIGRATION_BATCH)) as CacheEntry[];
    const last = batch.at(-1);
    if (!last) break;
    const range = IDBKeyRange.bound(batch[0]!.id, last.id);
    const [ids, values] = await Promise.all([bodies.getAllKeys(range), bodies.getAll(range)]);
    const byId = new Map(ids.map((id, i) => [id, values[i] as StoredBody]));
    await Promise.all(
      batch.flatMap((entry) => {
        const body = byId.get(entry.id);
        const moved = [records.put(entry, metadataKey(entry))];
        if (body !== undefined) moved.push(records.put({ bodyOf: entry.id, body }, bodyKey(entry)));
        return moved;
      }),
    );
    after = IDBKeyRange.lowerBound(last.id, true);
  }
  db.deleteObjectStore('entries');
  db.deleteObjectStore('bodies');
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

/**
 * What an entry adds to the totals: its `size`, or 0 when that is not a non-negative safe integer
 * (never written so by the store), so adding and removing the same entry always cancel out.
 */
export function storedSize(entry: Partial<CacheEntry>): number {
  const { size } = entry;
  return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : 0;
}

// Realm-independent: a body cloned by another realm's IndexedDB is not `instanceof` ours.
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
