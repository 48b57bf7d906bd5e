// Whether a selected stored response may answer a request now (RFC 9111 §4, §4.2.4, §5.2.1, RFC 5861, Fetch).

import { currentAgeMs, isFreshAtAge } from './age';
import { type CacheControl, directiveMs, parseCacheControl } from './cache-control';
import { sameCredentials } from './credentials';
import { headerValue, splitList } from './headers';
import type { RequestSnapshot, StoredResponse } from './snapshot';

export type ReuseDecision =
  /** Serve, no network. */
  | { kind: 'fresh'; ageMs: number }
  /** Serve although stale, no network. */
  | { kind: 'stale-allowed'; ageMs: number; why: 'max-stale' | 'force-cache' | 'only-if-cached' }
  /** Serve now and revalidate in the background (RFC 5861 §3). */
  | { kind: 'stale-while-revalidate'; ageMs: number }
  /** Send a conditional request first. */
  | { kind: 'revalidate'; ageMs: number; why: RevalidateReason };

export type RevalidateReason =
  | 'stale'
  | 'no-cache'
  | 'request-max-age'
  | 'request-min-fresh'
  | 'request-no-cache'
  | 'mode-no-cache'
  /** The request's credentials are not those the response was fetched with (decision 0018). */
  | 'credentials'
  /** Invalidated and kept for its validators (RFC 9111 §4.4, decision 0025). */
  | 'invalidated';

/**
 * What to do with the stored response selected for a request (mode `reload` and `no-store`
 * never get here: `classifyRequest` keeps them from reading the cache). Malformed request
 * directives make the answer more conservative, never less.
 */
export function decideReuse(
  stored: StoredResponse,
  request: RequestSnapshot,
  now: number,
): ReuseDecision {
  const { freshness } = stored;
  const ageMs = currentAgeMs(stored, now);
  const remainingMs = freshness.lifetimeMs - ageMs;
  const fresh = isFreshAtAge(stored, ageMs);
  const requestCacheControl = headerValue(request.headers, 'cache-control');
  const directives = parseCacheControl(requestCacheControl);
  // Decision 0018: another user's (or no user's) stored response is never reused without the
  // origin, whatever the mode; the stored validators let a token refresh cost a 304.
  if (!sameCredentials(stored, request)) return { kind: 'revalidate', ageMs, why: 'credentials' };

  // RFC 9111 §4.4: an invalidated response kept for its validators needs "a mandatory validation
  // before it can be sent" (decision 0025), whatever the mode: the app or the origin said it is
  // out of date.
  if (stored.invalidated) return { kind: 'revalidate', ageMs, why: 'invalidated' };
  // Fetch: force-cache uses any stored response, stale or not, without validation.
  if (request.mode === 'force-cache') return servedAnyway(fresh, ageMs, 'force-cache');
  // Fetch: mode only-if-cached; RFC 9111 §5.2.1.7: the request directive (we read it as Fetch
  // reads the mode: any stored response, rather than only one the other directives accept).
  const onlyIfCached = request.mode === 'only-if-cached' || directives.has('only-if-cached');
  if (onlyIfCached) return servedAnyway(fresh, ageMs, 'only-if-cached');
  // RFC 9111 §5.2.2.4: a response with no-cache is never reused without validation.
  if (freshness.noCache) return { kind: 'revalidate', ageMs, why: 'no-cache' };
  // RFC 8246 §2: an immutable response is not revalidated while fresh, whatever the request says,
  // mode no-cache (a reload) included; mode reload (a force reload) never reads it
  // (docs/decisions/0010-immutable-under-no-cache.md).
  if (fresh && freshness.immutable) return { kind: 'fresh', ageMs };
  // Fetch: mode no-cache always revalidates anything else.
  if (request.mode === 'no-cache') return { kind: 'revalidate', ageMs, why: 'mode-no-cache' };
  // RFC 9111 §5.2.1.4: request no-cache; §5.4: Pragma: no-cache only without Cache-Control.
  const pragmaNoCache =
    requestCacheControl === null &&
    splitList(headerValue(request.headers, 'pragma')).some(
      (member) => member.toLowerCase() === 'no-cache',
    );
  if (directives.has('no-cache') || pragmaNoCache) {
    return { kind: 'revalidate', ageMs, why: 'request-no-cache' };
  }
  // RFC 9111 §5.2.1.1: request max-age=n: only a response whose age is at most n (invalid: 0).
  const maxAgeMs = directiveMs(directives, 'max-age');
  if (maxAgeMs !== undefined && ageMs > (maxAgeMs ?? 0)) {
    return { kind: 'revalidate', ageMs, why: 'request-max-age' };
  }
  // RFC 9111 §5.2.1.3: request min-fresh=n: fresh for at least n more seconds (invalid: never).
  const minFreshMs = directiveMs(directives, 'min-fresh');
  if (minFreshMs !== undefined && (minFreshMs === null || remainingMs < minFreshMs)) {
    return { kind: 'revalidate', ageMs, why: 'request-min-fresh' };
  }
  if (fresh) return { kind: 'fresh', ageMs };
  const stalenessMs = -remainingMs;
  // RFC 9111 §5.2.1.2: max-stale[=n] accepts a stale response, §5.2.2.2: unless must-revalidate.
  if (!freshness.mustRevalidate && withinMaxStale(directives, stalenessMs)) {
    return { kind: 'stale-allowed', ageMs, why: 'max-stale' };
  }
  // RFC 5861 §3: within stale-while-revalidate, serve now and revalidate in the background;
  // §4.2.4: not past must-revalidate; §5.2.1.1: not when the request's max-age refuses stale.
  const swrMs = freshness.staleWhileRevalidateMs;
  const withinSwr = swrMs > 0 && stalenessMs <= swrMs;
  const requestRefusesStale = maxAgeMs !== undefined;
  if (withinSwr && !freshness.mustRevalidate && !requestRefusesStale) {
    return { kind: 'stale-while-revalidate', ageMs };
  }
  // RFC 9111 §4.2.4: otherwise a stale response must be validated.
  return { kind: 'revalidate', ageMs, why: 'stale' };
}

function servedAnyway(
  fresh: boolean,
  ageMs: number,
  why: 'force-cache' | 'only-if-cached',
): ReuseDecision {
  return fresh ? { kind: 'fresh', ageMs } : { kind: 'stale-allowed', ageMs, why };
}

// RFC 9111 §5.2.1.2: max-stale without a value accepts any staleness; with one, up to n seconds.
export function withinMaxStale(directives: CacheControl, stalenessMs: number): boolean {
  if (!directives.has('max-stale')) return false;
  if (directives.get('max-stale') === true && !directives.duplicates.has('max-stale')) return true;
  const limitMs = directiveMs(directives, 'max-stale');
  // An invalid or repeated max-stale accepts nothing stale.
  return typeof limitMs === 'number' && stalenessMs <= limitMs;
}
