// Entries this version can read: `format` absent (written before it existed: format 1) or
// ENTRY_FORMAT. One of another format (written by a later version of the library sharing the
// database) is treated as absent, never misread, and reported once per read.
import { type CacheEntry, ENTRY_FORMAT, type LookupResult } from '../../store/cache-store';

type Choose = (variants: CacheEntry[]) => CacheEntry | undefined;

/** Whether this version knows how to read `entry`'s metadata. */
export function readableFormat(entry: CacheEntry): boolean {
  return entry.format === undefined || entry.format === ENTRY_FORMAT;
}

/**
 * For a read (the store's, or memory's peek) that must only see readable entries: the `choose`
 * to hand it and what to make of its `result`. `choose` and the caller get the same readable
 * variants (the same array: a read's `choose` is asked once, and the flow compares arrays by
 * identity). Loaded with the store (./storage-backend), never on the initial path.
 */
export function readableOnly(
  choose: Choose,
  report: (error: Error, url: string) => void,
): { choose: Choose; result: (found: LookupResult) => LookupResult } {
  let seen: CacheEntry[] | undefined;
  let readable: CacheEntry[] = [];
  const known = (variants: CacheEntry[]) => {
    if (variants !== seen) {
      seen = variants;
      readable = readableVariants(variants, report);
    }
    return readable;
  };
  return {
    choose: (variants) => choose(known(variants)),
    result: (found) => {
      const variants = known(found.variants);
      const chosen = found.chosen && variants.includes(found.chosen) ? found.chosen : undefined;
      return { variants, chosen, body: chosen ? found.body : undefined };
    },
  };
}

/**
 * `variants` without those of an unknown format, each reported through `report`; the same
 * array when all are readable.
 */
function readableVariants(
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
