// A stored response's age and freshness at the time of use (RFC 9111 §4.2.3, §4.2.4, §5.1), from
// what ./freshness computed when it was stored.
import { maxDeltaSeconds } from './cache-control';
import type { StoredResponse } from './snapshot';

/**
 * RFC 9111 §4.2.3 current_age, in ms. A clock that went backwards (now before the response time)
 * adds no resident time rather than subtracting any.
 */
export function currentAgeMs(stored: StoredResponse, now: number): number {
  const residentTimeMs = Math.max(0, now - stored.responseTime);
  return stored.freshness.correctedInitialAgeMs + residentTimeMs;
}

/**
 * RFC 9111 §4.2: THE freshness rule, "fresh if its age has not yet exceeded its freshness
 * lifetime" read as §4.2.4 states it, freshness_lifetime > current_age: at age == lifetime the
 * response is stale. Every path that says fresh or stale (reuse, a hit's event, a range hit,
 * `cache.entries()`) asks this, with the age it already computed.
 */
export function isFreshAtAge(stored: StoredResponse, ageMs: number): boolean {
  return stored.freshness.lifetimeMs > ageMs;
}

/** RFC 9111 §5.1: the Age header of a response served from the cache: whole seconds, capped at 2^31. */
export function ageHeaderValue(stored: StoredResponse, now: number): string {
  return String(Math.min(Math.floor(currentAgeMs(stored, now) / 1000), maxDeltaSeconds));
}

/**
 * RFC 9211 §2.5: freshness left in whole seconds (floored), negative once more than a second
 * stale. Says how long, not whether: 0 is fresh or stale as {@link isFreshAtAge} says.
 */
export function ttlSec(stored: StoredResponse, now: number): number {
  return Math.floor((stored.freshness.lifetimeMs - currentAgeMs(stored, now)) / 1000);
}
