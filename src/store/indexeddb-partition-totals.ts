// Each partition's running entry count and byte sum in `meta` (schema version 9), moved in the
// same transaction as the entries they count, like the global totals (./indexeddb-totals), so a
// partition's prune check is one read and its eviction walks only what it evicts.
import type { CacheEntry, StoreStats } from './cache-store';
import { storedSize } from './entry-size';
import { partitionRange, partitionTotalsKey } from './indexeddb-schema-v9';
import { movedTotals, type TotalsTransaction, validTotals } from './indexeddb-totals';

/** Anything that can walk entries: an ordinary transaction's index or an upgrade's. */
interface EntryCursorSource {
  openCursor(
    range?: IDBKeyRange | null,
  ): Promise<{ value: unknown; continue(): Promise<unknown> } | null>;
}

/** O(partition) repair: one walk of the partition's entries in the `partitionLru` index. */
export async function sumPartition(
  index: EntryCursorSource,
  partition: string,
): Promise<StoreStats> {
  const totals = { entries: 0, bytes: 0 };
  let cursor = await index.openCursor(partitionRange(partition));
  while (cursor) {
    totals.entries += 1;
    totals.bytes += storedSize(cursor.value as Partial<CacheEntry>);
    cursor = (await cursor.continue()) as typeof cursor;
  }
  return totals;
}

/** How much each partition moves when `added` are stored and `removed` go. */
export function partitionDeltas(
  added: CacheEntry[],
  removed: CacheEntry[],
): Map<string, StoreStats> {
  const deltas = new Map<string, StoreStats>();
  const move = (entry: CacheEntry, sign: 1 | -1) => {
    const delta = deltas.get(entry.partition) ?? { entries: 0, bytes: 0 };
    delta.entries += sign;
    delta.bytes += sign * storedSize(entry);
    deltas.set(entry.partition, delta);
  };
  for (const entry of added) move(entry, 1);
  for (const entry of removed) move(entry, -1);
  return deltas;
}

/**
 * One partition's totals as of this point of `tx`; missing or corrupt, they are recounted from
 * its entries (O(partition), once) and written back.
 */
export async function readPartitionTotals(
  tx: TotalsTransaction,
  partition: string,
): Promise<StoreStats> {
  const stored = await tx.objectStore('meta').get(partitionTotalsKey(partition));
  return validTotals(stored) ? stored : recomputePartition(tx, partition);
}

/**
 * Moves each partition's totals by its delta inside `tx`, after the writes they account for
 * (as `addToTotals`): unusable or driven below zero, they are recounted from the entries as `tx`
 * now sees them. A partition left empty keeps a zero record: a missing one means "recount", and a
 * prune's restore of totals it removed must not mistake a count of zero for its own deletion.
 */
export async function addToPartitionTotals(
  tx: TotalsTransaction,
  deltas: Map<string, StoreStats>,
): Promise<void> {
  const meta = tx.objectStore('meta');
  await Promise.all(
    [...deltas].map(async ([partition, delta]) => {
      if (delta.entries === 0 && delta.bytes === 0) return;
      const key = partitionTotalsKey(partition);
      const moved = movedTotals(await meta.get(key), delta.bytes, delta.entries);
      if (!validTotals(moved)) await recomputePartition(tx, partition);
      else await meta.put(moved, key);
    }),
  );
}

async function recomputePartition(tx: TotalsTransaction, partition: string): Promise<StoreStats> {
  const totals = await sumPartition(tx.objectStore('records').index('partitionLru'), partition);
  await tx.objectStore('meta').put(totals, partitionTotalsKey(partition));
  return totals;
}
