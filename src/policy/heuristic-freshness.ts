// RFC 9111 §4.2.2: a heuristic freshness lifetime chosen by the user (the `heuristicFreshness`
// option) for responses that carry no explicit expiration time.
import { parseCacheControl } from './cache-control';
import { isHeuristicallyCacheable } from './freshness';
import { headerValue } from './headers';
import type { StoredResponse } from './snapshot';

/** Whether a heuristic lifetime may be assigned to this stored response at all. */
export function mayAssignHeuristic(stored: StoredResponse): boolean {
  const directives = parseCacheControl(headerValue(stored.headers, 'cache-control'));
  // §4.2.2: only when there is no explicit expiration time (§4.2.1: max-age, Expires).
  if (directives.has('max-age') || headerValue(stored.headers, 'expires') !== null) return false;
  // §5.2.2.4: a no-cache response is never reused without validation, whatever its lifetime.
  if (stored.freshness.noCache) return false;
  // §4.2.2: heuristics only for heuristically cacheable statuses or public responses.
  return isHeuristicallyCacheable(stored.status) || directives.has('public');
}

/** The stored response with `lifetimeSec` as its (heuristic) freshness lifetime. */
export function withHeuristicLifetime(stored: StoredResponse, lifetimeSec: number): StoredResponse {
  return {
    ...stored,
    freshness: { ...stored.freshness, lifetimeMs: Math.round(lifetimeSec * 1000), heuristic: true },
  };
}
