// Schema version 9 (decision 0026, `maxBytesPerPartition`): one partition's LRU walk and running
// totals, so a partition over its budget evicts its own least recently used entries in time
// proportional to what it evicts.
// Its upgrade step (`addPartitionTotals`) is in ./indexeddb-migration.

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
