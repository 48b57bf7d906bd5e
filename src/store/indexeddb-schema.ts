// The IndexedDB layout of every schema version, and the forward migrations between them.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { StoredResponse } from '../policy/snapshot';
import type { CacheEntry, StoredBody, StoreStats } from './cache-store';
import { measuredEntry, storedSize } from './entry-size';
import { newHashKey } from './hash-key';
import { addPartitionTotals, type PartitionTotalsKey } from './indexeddb-schema-v9';
import { OUTBOX_STORE, type OutboxRecord, upgradeOutbox } from './outbox-schema';
import { searchBaseOf } from './search-base';

/** The version `IndexedDBStore` opens. Bump it together with `upgradeSchema` below. */
export const SCHEMA_VERSION = 9;

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

/** Every record, metadata and body, of one primary key. */
export function primaryKeyRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/** A stored body, and the id of the entry it belongs to. */
export interface BodyRecord {
  bodyOf: string;
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
 * Brings a database of any earlier version (or none) to {@link SCHEMA_VERSION} in one step, so a
 * fresh database and an upgraded one end up identical: `records` and `meta` are created, the
 * entries of `entries` (v1 to v3) and their bodies (inline in v1, in `bodies` in v2 and v3) moved
 * into `records`, the totals computed from what was moved, and every older store deleted (with
 * any body no entry owned). What a layout holds, not the version it claims, decides what is moved
 * (Safari has been seen to keep a version and lose its stores). Must be called from idb's
 * `upgrade` callback. Resolves when every request is done; if it rejects, the caller must abort
 * `transaction` so the database stays at its old version with its data intact.
 */
export async function upgradeSchema(
  db: AnyVersionDB,
  oldVersion: number,
  transaction: UpgradeTransaction,
): Promise<void> {
  const had = [...db.objectStoreNames];
  // Version 6: the outbox, kept through every other step (it holds writes, not a disposable cache).
  upgradeOutbox(db);
  if (had.includes('records') && had.includes('meta')) {
    // Versions 4 and 5: the same layout; from 4, what its entries hold changes (decision 0018).
    if (oldVersion < 5) await scrubRecords(transaction);
  } else {
    await rebuild(db, had, transaction);
  }
  addGroupsIndex(transaction);
  await addSearchBaseIndex(transaction);
  // Version 9, last: it counts the entries every earlier step left.
  await addPartitionTotals(transaction);
  const meta = transaction.objectStore('meta') as unknown as KeyRecords;
  if (!isHashKey(await meta.get(HASH_KEY))) await meta.put(newHashKey(), HASH_KEY);
}

/** Version 7: the `groups` index, on a database of any earlier version once `records` is made. */
function addGroupsIndex(transaction: UpgradeTransaction): void {
  const records = transaction.objectStore('records');
  if (!records.indexNames.contains('groups')) {
    records.createIndex('groups', 'response.groups', { multiEntry: true });
  }
}

/**
 * Version 8: the `searchBase` index, and the field on every entry that needs it (one walk of the
 * metadata records through the `id` index: no body is read). Once the index exists, nothing.
 */
async function addSearchBaseIndex(transaction: UpgradeTransaction): Promise<void> {
  const records = transaction.objectStore('records');
  if (records.indexNames.contains('searchBase')) return;
  records.createIndex('searchBase', ['searchBase', 'partition']);
  let cursor = await records.index('id').openCursor();
  while (cursor) {
    const entry = cursor.value as CacheEntry;
    // The request URL is the last member of the primary key (policy's `primaryKey`). An entry not
    // as expected gets none: a throwing upgrade would fail every open.
    let searchBase: string | undefined;
    try {
      searchBase = searchBaseOf((JSON.parse(entry.key) as string[])[2]!, entry.response);
    } catch {}
    if (searchBase) await cursor.update({ ...entry, searchBase });
    cursor = await cursor.continue();
  }
}

/** Versions 1 to 3 (or stores lost): `records` and `meta` made, `entries` and `bodies` moved in. */
async function rebuild(
  db: AnyVersionDB,
  had: string[],
  transaction: UpgradeTransaction,
): Promise<void> {
  for (const name of had) {
    if (!['entries', 'bodies', OUTBOX_STORE].includes(name)) db.deleteObjectStore(name);
  }
  const records = db.createObjectStore('records');
  // No `partition` index: version 9's `partitionLru`, added below, serves its queries.
  for (const index of ['id', 'key', 'bodyOf']) records.createIndex(index, index);
  records.createIndex('variant', ['key', 'secondaryKey']);
  // Ties broken by id, as the contract's LRU order says (the primary key starts with the URI).
  records.createIndex('lastUsed', ['lastUsed', 'id']);
  const totals = had.includes('entries')
    ? await moveEntries(transaction, had.includes('bodies'))
    : { entries: 0, bytes: 0 };
  await db.createObjectStore('meta').put(totals, TOTALS_KEY);
  for (const name of had) if (name === 'entries' || name === 'bodies') db.deleteObjectStore(name);
}

/** Entries moved per batch: bounds the bodies held at once. */
const MIGRATION_BATCH = 200;

/**
 * Moves every entry of `entries` and its body into `records`; resolves to their totals. Entries
 * (keyPath `id` in every version) and `bodies` (keyed by id) are walked together in batches of
 * ids, a few requests per batch. v1 (no `bodies`): the body was inline; the entry gets the
 * default partition and its measured size, and a record without a body is dropped (the cache is
 * disposable; a half-record is worth nothing). v2, v3: an entry whose body is missing stays (a
 * lookup reads it as "body gone" and fetches again, as before).
 */
async function moveEntries(
  transaction: UpgradeTransaction,
  hasBodies: boolean,
): Promise<StoreStats> {
  const records = transaction.objectStore('records');
  const entries = transaction.objectStore('entries');
  const bodies = hasBodies ? transaction.objectStore('bodies') : undefined;
  const totals = { entries: 0, bytes: 0 };
  let after: IDBKeyRange | undefined;
  for (;;) {
    const batch = (await entries.getAll(after, MIGRATION_BATCH)) as (CacheEntry & V1Entry)[];
    const last = batch.at(-1)?.id;
    if (last === undefined) return totals;
    const range = IDBKeyRange.bound(batch[0]!.id, last);
    after = IDBKeyRange.lowerBound(last, true);
    const [ids, values] = bodies
      ? await Promise.all([bodies.getAllKeys(range), bodies.getAll(range)])
      : [[], []];
    // v1 (no `bodies` store): the body was inline; a record without one is dropped. So is one
    // without a string `key` (the old indexes skipped it; v4 cannot key it, and one failed put
    // would abort the upgrade on every open).
    const kept = batch.filter(
      (old) =>
        typeof old.key === 'string' &&
        (bodies !== undefined || isArrayBuffer(old.body)) &&
        !holdsPossibleSecret(old.secondaryKey),
    );
    await Promise.all(
      kept.map((old) => {
        const { body: inline, ...metadata } = old;
        // Measured with what it now holds (v1 had no size).
        const entry = bodies
          ? withUnknownCredentials(old)
          : measuredEntry(
              withUnknownCredentials({ ...metadata, partition: '' }),
              inline.byteLength,
            );
        const body = bodies ? (values[ids.indexOf(old.id)] as StoredBody | undefined) : inline;
        totals.entries += 1;
        totals.bytes += storedSize(entry);
        return Promise.all([
          records.put(entry, metadataKey(entry)),
          body && records.put({ bodyOf: entry.id, body }, bodyKey(entry)),
        ]);
      }),
    );
  }
}

/**
 * Request fields whose values earlier versions kept in secondary keys and that are not secrets:
 * entries keyed on these alone survive the upgrade to version 5. Any other value might have been
 * a credential (`Authorization`, an app's `X-Api-Key`: the upgrade cannot know an app's
 * `secretHeaders`), and cannot be hashed inside the upgrade (crypto.subtle is asynchronous: the
 * upgrade transaction would commit while it runs), so such an entry is dropped.
 */
const PUBLIC_FIELDS =
  /^(accept(-encoding|-language)?|content-(language|type)|dnt|origin|save-data|user-agent|x-requested-with|sec-ch-[\w-]+)$/;

/** True when an entry's secondary key holds a value that may be a secret (see PUBLIC_FIELDS). */
export function holdsPossibleSecret(secondaryKey: unknown): boolean {
  if (typeof secondaryKey !== 'string' || !secondaryKey.startsWith('[')) return false;
  let pairs: unknown;
  try {
    pairs = JSON.parse(secondaryKey);
  } catch {
    return true;
  }
  return (
    !Array.isArray(pairs) ||
    pairs.some(
      (pair) => !Array.isArray(pair) || (pair[1] !== null && !PUBLIC_FIELDS.test(String(pair[0]))),
    )
  );
}

/** Credentials unknown: such an entry is revalidated once before any reuse (decision 0018). */
function withUnknownCredentials<T extends Partial<CacheEntry>>(entry: T): T {
  const { response } = entry;
  if (typeof response !== 'object' || response === null) return entry;
  return { ...entry, response: { ...response, credentials: '?' } };
}

/**
 * Version 4 to 5 in place: metadata records holding a possible secret go, with their bodies;
 * the others get unknown credentials; the totals are counted again from what stays.
 */
async function scrubRecords(transaction: UpgradeTransaction): Promise<void> {
  const records = transaction.objectStore('records');
  const dropped = new Set<string>();
  const totals = { entries: 0, bytes: 0 };
  let cursor = await records.openCursor();
  while (cursor) {
    const [, id, kind] = cursor.key as RecordKey;
    const value = cursor.value as Partial<CacheEntry>;
    if (kind === METADATA && holdsPossibleSecret(value.secondaryKey)) {
      dropped.add(id);
      await cursor.delete();
    } else if (kind === METADATA) {
      totals.entries += 1;
      totals.bytes += storedSize(value);
      await cursor.update(withUnknownCredentials(value));
    } else if (dropped.has(id)) {
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
  await transaction.objectStore('meta').put(totals, TOTALS_KEY);
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
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
