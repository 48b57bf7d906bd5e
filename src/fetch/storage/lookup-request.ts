// What a lookup needs of the request, and when its read found nothing that answers: shared by the
// store's lookup (./storage-backend) and the early one before the store has loaded (./early-lookup).
import type { RequestSnapshot } from '../../policy/snapshot';
import { selectVariant } from '../../policy/vary';
import type { EquivalentsQuery, LookupResult } from '../../store/cache-store';
import { urlBase } from '../../store/search-base';

/** What a lookup needs of the request (a CacheableRequest has it). */
export interface LookupRequest {
  key: string;
  partition: string;
  request: { url: string };
  snapshot: RequestSnapshot;
}

/**
 * No-Vary-Search (decision 0025): whether a read found no variant for the request (nothing stored,
 * or none its Vary matches); then equivalent URLs' entries may answer. A read that chose an entry
 * to answer matched one: a hit asks nothing more.
 */
export function missed(found: LookupResult, request: LookupRequest): boolean {
  return !found.chosen && !selectVariant(found.variants, request.snapshot);
}

/**
 * What a lookup of `request` reads besides its key when that misses: its No-Vary-Search
 * candidates, `missed` asked of the read as `readable` makes it (entries of an unknown format left
 * out). The search base is worked out only when asked for: a hit never needs it.
 */
export function equivalentsOf(
  request: LookupRequest,
  readable: (raw: LookupResult) => LookupResult,
): EquivalentsQuery {
  return {
    get searchBase() {
      return urlBase(request.request.url);
    },
    partition: request.partition,
    missed: (raw) => missed(readable(raw), request),
  };
}
