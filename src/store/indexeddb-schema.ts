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
 * Version 4 (current). Metadata and bodies live apart, so a lookup never loads a body it does not
 * serve and a 304 never rewrites one; running totals make `stats()` one read and `prune()`
 * proportional to what it evicts.
 * - `entries`: one {@link CacheEntry} per variant, keyPath `id`; indexes `key` (lookups and
 *   delete by URI), `variant` ([key, secondaryKey]: the entry a put replaces), `lastUsed` (LRU
 *   walk in prune) and `partition` (clear one partition).
 * - `bodies`: one {@link BodyRecord} per entry, keyPath `[key, id]` (the entry's primary key,
 *   then its id), index `id`. Keyed by primary key first, so a lookup asks for the first body
 *   under its key in the same round trip as the variants, before it knows which id it wants
 *   (decision 0004). The body is an `ArrayBuffer`, or a `Blob` for bodies of 32 KiB and more where
 *   the platform clones Blobs faithfully (browsers; not fake-indexeddb).
 * - `meta`: out-of-line keys; {@link TOTALS_KEY} → the entry count and the sum of
 *   `CacheEntry.size` over `entries`, written in the same transaction as every change to them.
 *
 * Version 3 (released) had `bodies` keyed by entry id, out of line, the body itself the value.
 * Version 2 (released) was version 3 without `meta`.
 */
export interface CacheDB extends DBSchema {
  entries: {
    key: string;
    value: CacheEntry;
    indexes: { key: string; variant: [string, string]; lastUsed: number; partition: string };
  };
  bodies: { key: [string, string]; value: BodyRecord; indexes: { id: string } };
  meta: { key: typeof TOTALS_KEY; value: StoreStats };
}

/** A stored body with the keys it is found by: its entry's primary key and id. */
export interface BodyRecord {
  key: string;
  id: string;
  body: StoredBody;
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
  const from = layoutVersion(db, oldVersion, transaction);
  if (from < 1) createV1(db);
  if (from < 2) await migrateV1ToV2(db, transaction);
  if (from < 3) await migrateV2ToV3(db, transaction);
  if (from < 4) await migrateV3ToV4(db, transaction);
}

/**
 * The version whose layout the database really has. A database can claim a version yet lack its
 * stores (seen in Safari): its layout, not its number, says where the migration starts.
 */
function layoutVersion(
  db: AnyVersionDB,
  oldVersion: number,
  transaction: UpgradeTransaction,
): number {
  const names = db.objectStoreNames;
  if (!names.contains('entries')) return 0;
  if (!names.contains('bodies')) return Math.min(oldVersion, 1);
  if (!names.contains('meta')) return Math.min(oldVersion, 2);
  if (transaction.objectStore('bodies').keyPath === null) return Math.min(oldVersion, 3);
  return oldVersion;
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
 * v3 → v4: `bodies` keyed by `[key, id]` instead of id. The old store is renamed aside, each
 * entry's body moved to the new one, and the old store (with any body no entry owned) deleted.
 * Entries and old bodies are both ordered by id, so they are walked together in batches: a few
 * requests per batch, not per entry. An entry whose body is missing stays (a lookup reads it as
 * "body gone" and fetches again, as before).
 */
async function migrateV3ToV4(db: AnyVersionDB, transaction: UpgradeTransaction): Promise<void> {
  const old = transaction.objectStore('bodies');
  old.name = 'bodies-v3';
  const bodies = db.createObjectStore('bodies', { keyPath: ['key', 'id'] });
  bodies.createIndex('id', 'id');
  const entries = transaction.objectStore('entries');
  let after: IDBKeyRange | undefined;
  for (;;) {
    const batch = (await entries.getAll(after, MIGRATION_BATCH)) as CacheEntry[];
    const last = batch.at(-1);
    if (!last) break;
    const range = IDBKeyRange.bound(batch[0]!.id, last.id);
    const [ids, values] = await Promise.all([old.getAllKeys(range), old.getAll(range)]);
    const byId = new Map(ids.map((id, i) => [id, values[i]]));
    await Promise.all(
      batch.flatMap(({ key, id }) => {
        const body = byId.get(id);
        return body === undefined ? [] : [bodies.put({ key, id, body })];
      }),
    );
    after = IDBKeyRange.lowerBound(last.id, true);
  }
  db.deleteObjectStore('bodies-v3');
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
