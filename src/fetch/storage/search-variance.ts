// No-Vary-Search on the lookup (decision 0025): which of the candidates a store gave for a URL's
// `searchBase` may answer a request for that URL. Loaded with import() by the store's backend
// only when a lookup that missed its exact key found candidates (in the revalidate chunk, which
// invalidation loads it with), so no page without No-Vary-Search responses pays for its parser.
import { urlOfKey } from '../../policy/cache-key';
import { answersBySearch } from '../../policy/no-vary-search';
import type { CacheEntry } from '../../store/cache-store';
import { readableFormat } from './entry-format';

/**
 * The entries among `candidates` of `partition` (never another's) whose own No-Vary-Search makes
 * their request URL equivalent to `url`; complete responses only (stored parts answer their own
 * URL's Range requests alone), and of a format this version reads (one of another is left out
 * silently here: its own URL's lookup reports it).
 */
export function equivalentEntries(
  candidates: readonly CacheEntry[],
  partition: string,
  url: string,
): CacheEntry[] {
  return candidates.filter(
    (entry) =>
      entry.partition === partition &&
      readableFormat(entry) &&
      !entry.response.partial &&
      answersBySearch(urlOfKey(entry.key), entry.response.headers, url),
  );
}
