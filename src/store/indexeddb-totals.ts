// The running entry count and byte sum in `meta`: read in O(1), changed in the same transaction as
// the entries they count, recomputed once when missing or corrupt.
import type { StoreStats } from './cache-store';
import { sumEntries, TOTALS_KEY } from './indexeddb-schema';
import type { CacheTransaction } from './indexeddb-transaction';

/** Any transaction that can both read `records` and write `meta`. */
export type TotalsTransaction = CacheTransaction<['records', 'meta'], 'readwrite'>;

/** The metadata records (the `id` index holds only them) and the totals' store. */
function storesOf(tx: TotalsTransaction) {
  return { entries: tx.objectStore('records').index('id'), meta: tx.objectStore('meta') };
}

/** True for a totals record that can be trusted: two non-negative safe integers. */
export function validTotals(value: unknown): value is StoreStats {
  const { entries, bytes } = (value ?? {}) as Partial<StoreStats>;
  return isCount(entries) && isCount(bytes);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The totals as of this point of `tx`. A missing or corrupt record (written by hand, by a bug, or
 * by a tool seeding raw records) is recomputed from the entries, once, and written back.
 *
 * Exact across tabs: IndexedDB runs readwrite transactions whose scopes overlap one at a time,
 * and every transaction that changes the metadata records has `meta` in its scope, so no two of them can
 * read the same totals and both add to them.
 */
export async function readTotals(tx: TotalsTransaction): Promise<StoreStats> {
  const stored = await storesOf(tx).meta.get(TOTALS_KEY);
  return validTotals(stored) ? stored : recomputeTotals(tx);
}

/**
 * Adds `delta` to the totals inside `tx` (a zero delta writes nothing). Call it after issuing the
 * writes it accounts for: if the stored totals are unusable, or the delta would take them below
 * zero (they had drifted), they are recomputed from the entries as `tx` now sees them, which
 * already includes those writes.
 */
export async function addToTotals(tx: TotalsTransaction, delta: StoreStats): Promise<void> {
  if (delta.entries === 0 && delta.bytes === 0) return;
  const stored = await storesOf(tx).meta.get(TOTALS_KEY);
  await writeTotals(tx, movedTotals(stored, delta.bytes, delta.entries));
}

/** `stored` moved by a delta; undefined when `stored` is unusable (writeTotals then recomputes). */
export function movedTotals(stored: unknown, bytes: number, entries = 0): StoreStats | undefined {
  return validTotals(stored)
    ? { entries: stored.entries + entries, bytes: stored.bytes + bytes }
    : undefined;
}

/**
 * Stores `totals` as computed by the caller inside `tx` (after a full clear, after a prune); if
 * they are not valid (a drift took them below zero), recomputes them from the entries instead.
 */
export async function writeTotals(
  tx: TotalsTransaction,
  totals: StoreStats | undefined,
): Promise<void> {
  if (!validTotals(totals)) {
    await recomputeTotals(tx);
    return;
  }
  await storesOf(tx).meta.put({ entries: totals.entries, bytes: totals.bytes }, TOTALS_KEY);
}

/** O(n) repair: one walk over the metadata records, then the totals written back. */
export async function recomputeTotals(tx: TotalsTransaction): Promise<StoreStats> {
  const { entries, meta } = storesOf(tx);
  const totals = await sumEntries(entries);
  await meta.put(totals, TOTALS_KEY);
  return totals;
}
