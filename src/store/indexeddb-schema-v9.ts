// Schema version 9 (decision 0026, `maxBytesPerPartition`): one partition's LRU walk and running
// totals, so a partition over its budget evicts its own least recently used entries in time
// proportional to what it evicts.
import type { CacheEntry, StoreStats } from './cache-store';
import { storedSize } from './entry-size';

/** The first part of a partition's totals key in `meta`: `[PARTITION_TOTALS, partition]`. */
export const PARTITION_TOTALS = 'partition-totals';
export type PartitionTotalsKey = [typeof PARTITION_TOTALS, string];

export function partitionTotalsKey(partition: string): PartitionTotalsKey {
  return [PARTITION_TOTALS, partition];
}

/** Every partition's totals record (array keys sort after the string keys of `meta`). */
export function allPartitionTotals(): IDBKeyRange {
  return IDBKeyRange.bound([PARTITION_TOTALS], [PARTITION_TOTALS, []]);
}

/**
 * One partition's range of the `partitionLru` index: its entries, least recently used first.
 * (`[]` sorts after every number and string, so `[partition, []]` is past all of its keys.)
 */
export function partitionRange(partition: string): IDBKeyRange {
  return IDBKeyRange.bound([partition], [partition, []]);
}

/** The key just past every `partitionLru` key of `partition`: where the next partition starts. */
export function afterPartition(partition: string): [string, never[]] {
  return [partition, []];
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
