// Freshness lifetime, age and the response directives that govern reuse (RFC 9111 §4.2, RFC 5861).
import { type CacheControl, deltaSeconds, directiveMs, parseCacheControl } from './cache-control';
import { headerValue, parseHttpDate, splitList } from './headers';
import type { Freshness, ResponseSnapshot } from './snapshot';

// RFC 9110 §15.1: status codes that are heuristically cacheable.
const heuristicallyCacheable = new Set([
  200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501,
]);

/** RFC 9110 §15.1: whether a status code is heuristically cacheable. */
export function isHeuristicallyCacheable(status: number): boolean {
  return heuristicallyCacheable.has(status);
}

/** RFC 9111 §4.2.2: the fraction of the time since Last-Modified taken as heuristic lifetime. */
export const heuristicFraction = 0.1;
/** RFC 9111 §4.2.2 leaves the cap to us; browsers cap heuristic freshness around a week. */
export const maxHeuristicLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/**
 * Parses everything reuse needs from a response head, once: lifetime (§4.2.1), corrected initial
 * age (§4.2.3), directives, RFC 5861 windows and validators. Malformed values never throw; they
 * make the response stale sooner, never later.
 */
export function describeFreshness(response: ResponseSnapshot, redirected = false): Freshness {
  const { headers, responseTime } = response;
  const directives = parseCacheControl(headerValue(headers, 'cache-control'));
  // RFC 9110 §6.6.1: without a (valid) Date, the time the response was received stands for it.
  const dateMs = parseHttpDate(headerValue(headers, 'date'), responseTime) ?? responseTime;
  const lastModifiedRaw = headerValue(headers, 'last-modified');
  const lastModifiedMs = parseHttpDate(lastModifiedRaw, responseTime);
  const etag = headerValue(headers, 'etag')?.trim() ?? '';
  const lifetime = lifetimeOf(response, directives, dateMs, lastModifiedMs);
  return {
    lifetimeMs: lifetime.ms,
    heuristic: lifetime.heuristic,
    correctedInitialAgeMs: correctedInitialAgeMs(response, dateMs),
    // RFC 9111 §5.2.2.4: no-cache, qualified or not (we treat the qualified form as unqualified).
    // A response reached through a redirect fetch followed for us is treated alike: the
    // redirect's own freshness is unknown (RFC 9111 §4.2.1; docs/decisions/0006-redirects.md).
    noCache: directives.has('no-cache') || redirected,
    // RFC 9111 §5.2.2.2: must-revalidate (proxy-revalidate, §5.2.2.8, is for shared caches).
    mustRevalidate: directives.has('must-revalidate'),
    // RFC 8246 §2: immutable.
    immutable: directives.has('immutable'),
    // RFC 5861 §3: stale-while-revalidate=n (invalid or repeated: no window).
    staleWhileRevalidateMs: redirected
      ? 0
      : (directiveMs(directives, 'stale-while-revalidate') ?? 0),
    // RFC 5861 §4: stale-if-error=n (invalid or repeated: no window).
    staleIfErrorMs: directiveMs(directives, 'stale-if-error') ?? 0,
    // RFC 9110 §8.8.3: the entity-tag as sent.
    etag: etag === '' ? null : etag,
    // RFC 9110 §8.8.2: kept only when it is a valid HTTP-date (§13.1.3 ignores anything else).
    lastModified: lastModifiedMs === null ? null : lastModifiedRaw,
  };
}

function lifetimeOf(
  response: ResponseSnapshot,
  directives: CacheControl,
  dateMs: number,
  lastModifiedMs: number | null,
): { ms: number; heuristic: boolean } {
  const { headers, responseTime } = response;
  // RFC 9111 §4.2.1: max-age first; it overrides Expires (§5.3).
  const maxAgeMs = directiveMs(directives, 'max-age');
  // RFC 9111 §4.2.1: a repeated or invalid max-age makes the response stale (never the larger one).
  if (maxAgeMs !== undefined) return { ms: maxAgeMs ?? 0, heuristic: false };
  const expires = headerValue(headers, 'expires');
  if (expires !== null) {
    // RFC 9111 §5.3: an invalid Expires (e.g. "0") means already expired. Two Expires lines
    // combine into a value that is no date, so they are stale too (§4.2.1), never the later one.
    const expiresMs = parseHttpDate(expires, responseTime);
    if (expiresMs === null) return { ms: 0, heuristic: false };
    // RFC 9111 §4.2.1: Expires minus Date (the response time when Date is absent).
    return { ms: Math.max(0, expiresMs - dateMs), heuristic: false };
  }
  // RFC 9111 §4.2.2: heuristics only for heuristically cacheable statuses or public responses.
  const heuristicAllowed = isHeuristicallyCacheable(response.status) || directives.has('public');
  if (!heuristicAllowed || lastModifiedMs === null) return { ms: 0, heuristic: false };
  // RFC 9111 §4.2.2: a fraction of the time since Last-Modified, capped.
  const sinceModifiedMs = Math.max(0, dateMs - lastModifiedMs);
  const ms = Math.min(Math.floor(sinceModifiedMs * heuristicFraction), maxHeuristicLifetimeMs);
  return { ms, heuristic: true };
}

// RFC 9111 §4.2.3: corrected_initial_age, from Age, Date and the times around the request.
function correctedInitialAgeMs(response: ResponseSnapshot, dateMs: number): number {
  const { requestTime, responseTime } = response;
  // RFC 9111 §4.2.3: the first Age value wins; an unparseable or negative one is ignored (§5.1).
  const firstAge = splitList(headerValue(response.headers, 'age'))[0];
  const ageValueMs = (deltaSeconds(firstAge) ?? 0) * 1000;
  const apparentAgeMs = Math.max(0, responseTime - dateMs);
  const responseDelayMs = responseTime - requestTime;
  const correctedAgeValueMs = ageValueMs + responseDelayMs;
  return Math.max(apparentAgeMs, correctedAgeValueMs);
}
