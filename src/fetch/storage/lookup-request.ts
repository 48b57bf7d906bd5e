// What a lookup needs of the request, and when its read found nothing that answers: shared by the
// store's lookup (./storage-backend) and the early one before the store has loaded (./early-lookup).
import type { RequestSnapshot } from '../../policy/snapshot';
import { selectVariant } from '../../policy/vary';
import type { LookupResult } from '../../store/cache-store';

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
