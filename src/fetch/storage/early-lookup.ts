// A page's first lookups before the store's chunk has loaded (decision 0027): the early read of the
// default database (../../store/indexeddb-early-read), with what the store's lookup adds to its
// read (./storage-backend): entries of an unknown format left out, and No-Vary-Search's
// equivalents looked for when the key missed (where there are some, the store reads them).
import type { CacheEntry, LookupResult } from '../../store/cache-store';
import { earlyReader } from '../../store/indexeddb-early-read';
import { readableOnly } from './entry-format';
import { equivalentsOf, type LookupRequest } from './lookup-request';

export type EarlyLookup = (
  request: LookupRequest,
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
) => Promise<LookupResult | undefined>;

/** Lookups in database `name`: each answers as the store would, or undefined if it cannot here. */
export function earlyLookup(
  name: string,
  unreadable: (error: Error, url: string) => void,
): EarlyLookup {
  const read = earlyReader(name);
  return async (request, choose) => {
    const readable = readableOnly(choose, unreadable);
    const found = await read({
      key: request.key,
      choose: readable.choose,
      equivalents: equivalentsOf(request, readable.result),
    });
    return found && readable.result(found);
  };
}
