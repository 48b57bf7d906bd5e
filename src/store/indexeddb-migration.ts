// The forward migrations of the cache's database: every schema version to SCHEMA_VERSION in one
// step (./indexeddb-schema describes the layouts). A chunk of its own, loaded with import() by the
// connection (./indexeddb-connection) only when the database it opens is older than the schema (a
// new one is made by ./indexeddb-schema's createSchema): a reload at the current version never
// loads it (issue 24, decision 0027).
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CacheEntry, StoredBody, StoreStats } from './cache-store';
import { measuredEntry, storedSize } from './entry-size';
import { newHashKey } from './hash-key';
import {
  bodyKey,
  HASH_KEY,
  isArrayBuffer,
  isHashKey,
  type KeyRecords,
  METADATA,
  metadataKey,
  type RecordKey,
  TOTALS_KEY,
  type V1Entry,
} from './indexeddb-schema';
import {
  allPartitionTotals,
  type PartitionTotalsKey,
  partitionTotalsKey,
} from './indexeddb-schema-v9';
import { OUTBOX_STORE, upgradeOutbox } from './outbox-schema';
import { searchBaseOf } from './search-base';

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

/** The upgrade transaction's stores as this step uses them (it sees stores of every version). */
interface V9Upgrade {
  objectStore(name: 'records' | 'meta'): {
    indexNames: DOMStringList;
    createIndex(name: string, keyPath: string[]): unknown;
    deleteIndex(name: string): void;
    index(name: 'id'): {
      openCursor(): Promise<{ value: unknown; continue(): Promise<unknown> } | null>;
    };
    put(value: StoreStats, key: PartitionTotalsKey): Promise<unknown>;
    delete(range: IDBKeyRange): Promise<unknown>;
  };
}

/**
 * Version 9 on a database of any earlier version, once `records` and `meta` are made: the
 * `partitionLru` index (ties by id, as every LRU order here) replaces the `partition` index (its
 * prefix `[partition]` answers every query the old one did, so each metadata record still has as
 * many index entries to write and delete as before: eviction costs what it did), and each
 * partition's totals are counted from the entries in one walk (records written before kept no
 * such count).
 */
export async function addPartitionTotals(transaction: unknown): Promise<void> {
  const upgrade = transaction as V9Upgrade;
  const records = upgrade.objectStore('records');
  if (!records.indexNames.contains('partitionLru')) {
    records.createIndex('partitionLru', ['partition', 'lastUsed', 'id']);
  }
  if (records.indexNames.contains('partition')) records.deleteIndex('partition');
  const totals = new Map<string, StoreStats>();
  let cursor = await records.index('id').openCursor();
  while (cursor) {
    const entry = cursor.value as Partial<CacheEntry>;
    if (typeof entry.partition === 'string') {
      const sum = totals.get(entry.partition) ?? { entries: 0, bytes: 0 };
      sum.entries += 1;
      sum.bytes += storedSize(entry);
      totals.set(entry.partition, sum);
    }
    cursor = (await cursor.continue()) as typeof cursor;
  }
  const meta = upgrade.objectStore('meta');
  await meta.delete(allPartitionTotals());
  await Promise.all(
    [...totals].map(([partition, sum]) => meta.put(sum, partitionTotalsKey(partition))),
  );
}
