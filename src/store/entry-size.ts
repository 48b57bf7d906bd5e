// The one measure of how many bytes an entry counts for against `maxBytes`, shared by every store.
import type { CacheEntry, NewCacheEntry } from './cache-store';

const encoder = new TextEncoder();

/**
 * Bytes an entry counts for: `bodyBytes` plus the UTF-8 length of the JSON of its metadata
 * (every field but `size`). Cheap and deterministic (the same entry always measures the same,
 * whatever the store and whatever the property order); it approximates, not equals, what
 * IndexedDB's structured clone occupies on disk.
 */
export function measureEntrySize(entry: NewCacheEntry | CacheEntry, bodyBytes: number): number {
  const { size: _notMeasured, ...metadata } = entry as CacheEntry;
  return bodyBytes + encoder.encode(JSON.stringify(metadata)).byteLength;
}

/** The entry as a store keeps it: `bodySize` taken from the body itself, `size` measured. */
export function measuredEntry(entry: NewCacheEntry | CacheEntry, bodyBytes: number): CacheEntry {
  const { size: _stale, ...rest } = entry as CacheEntry;
  const withBody = { ...rest, bodySize: bodyBytes };
  return { ...withBody, size: measureEntrySize(withBody, bodyBytes) };
}

/**
 * What an entry adds to the totals: its `size`, or 0 when that is not a non-negative safe integer
 * (never written so by the store), so adding and removing the same entry always cancel out.
 */
export function storedSize(entry: Partial<CacheEntry>): number {
  const { size } = entry;
  return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : 0;
}
