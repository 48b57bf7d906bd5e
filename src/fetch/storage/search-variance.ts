// No-Vary-Search on the lookup (decision 0025): which of the candidates a store gave for a URL's
// `searchBase` may answer a request for that URL. Loaded with import() by the store's backend
// only when a lookup that missed its exact key found candidates (in the revalidate chunk, which
// invalidation loads it with), so no page without No-Vary-Search responses pays for its parser.
import { urlOfKey } from '../../policy/cache-key';
import { answersBySearch } from '../../policy/no-vary-search';
import type { RequestSnapshot } from '../../policy/snapshot';
import { selectVariant } from '../../policy/vary';
import type { CacheEntry, CacheStore, LookupResult } from '../../store/cache-store';
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

/**
 * The read of a request whose exact key missed, from the candidates the store gave for its
 * `searchBase`: the equivalent ones, handed to `choose` when `selectVariant` picks one of them
 * (Vary still applies, then the most recent), with the chosen one's body; undefined otherwise.
 */
export async function readEquivalent(
  store: CacheStore,
  request: { partition: string; request: { url: string }; snapshot: RequestSnapshot },
  candidates: readonly CacheEntry[],
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
): Promise<LookupResult | undefined> {
  const variants = equivalentEntries(candidates, request.partition, request.request.url);
  if (!selectVariant(variants, request.snapshot)) return undefined;
  const chosen = choose(variants);
  return { variants, chosen, body: chosen && (await store.getBody(chosen.id)) };
}
