// Entries this version can read: `format` absent (written before it existed: format 1) or
// ENTRY_FORMAT. One of another format (written by a later version of the library sharing the
// database) is treated as absent, never misread, and reported once per read.
import { type CacheEntry, ENTRY_FORMAT } from '../../store/cache-store';

/** Whether this version knows how to read `entry`'s metadata. */
export function readableFormat(entry: CacheEntry): boolean {
  return entry.format === undefined || entry.format === ENTRY_FORMAT;
}

/**
 * `variants` without those of an unknown format, each reported through `report`; the same
 * array when all are readable (a lookup's `choose` compares arrays by identity).
 */
export function readableVariants(
  variants: CacheEntry[],
  report: (error: Error, url: string) => void,
): CacheEntry[] {
  if (variants.every(readableFormat)) return variants;
  return variants.filter((entry) => {
    if (readableFormat(entry)) return true;
    report(
      new Error(`cached-fetch: entry ${entry.id} has format ${entry.format}, unknown here`),
      entry.response.url,
    );
    return false;
  });
}
