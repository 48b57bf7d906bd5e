// Serving a stale response when the origin fails: stale-if-error and the offline opt-in (RFC 5861 §4, RFC 9111 §4.2.4).

import { currentAgeMs } from './age';
import { directiveMs, parseCacheControl } from './cache-control';
import { headerValue } from './headers';
import { withinMaxStale } from './reuse';
import type { RequestSnapshot, StoredResponse } from './snapshot';

/** How the origin failed: no status for a network error, else the status of its reply. */
export interface OriginFailure {
  status?: number;
}

// RFC 5861 §4: the error statuses that stale-if-error covers.
export const errorStatuses = new Set([500, 502, 503, 504]);

/**
 * Whether stale-if-error lets the stored response answer in place of this failure (RFC 5861 §4):
 * a network error or a 500, 502, 503 or 504, within the larger of the response's and the
 * request's stale-if-error windows.
 */
export function staleIfErrorAllows(
  stored: StoredResponse,
  request: RequestSnapshot,
  now: number,
  failure: OriginFailure,
): boolean {
  const { freshness } = stored;
  // RFC 9111 §4.2.4: never stale past must-revalidate or no-cache.
  if (freshness.mustRevalidate || freshness.noCache || stored.invalidated) return false;
  // RFC 5861 §4: a network error, or a 500, 502, 503 or 504 reply.
  const isError = failure.status === undefined || errorStatuses.has(failure.status);
  if (!isError) return false;
  // RFC 5861 §4: the directive may come from the response or the request; the larger window wins.
  const directives = parseCacheControl(headerValue(request.headers, 'cache-control'));
  const requestWindowMs = directiveMs(directives, 'stale-if-error') ?? 0;
  const windowMs = Math.max(freshness.staleIfErrorMs, requestWindowMs);
  // RFC 5861 §4: only within n seconds after the response became stale (no directive: never).
  return windowMs > 0 && stalenessMs(stored, now) <= windowMs;
}

// A 502, 503 or 504 comes from a gateway or proxy in front of the origin (RFC 9110 §15.6.3-5):
// behind a dev proxy or an API gateway, that is what a dead API looks like.
const unreachableStatuses = new Set([502, 503, 504]);

/** Whether the failure means the origin could not be reached: a network error or a gateway's 502/503/504. */
export function originUnreachable(failure: OriginFailure): boolean {
  return failure.status === undefined || unreachableStatuses.has(failure.status);
}

/**
 * What the app chose to do when the origin cannot be reached (the `offline` option): fail as
 * fetch fails, serve what RFC 9111 allows a disconnected cache to serve, or serve anything stored.
 */
export type OfflineMode = 'error' | 'stale' | 'any';

/**
 * How a stored response may stand in when the origin is unreachable, under the app's `mode`:
 * `offline` within RFC 9111 §4.2.4, `offline-any` only because the app chose to go beyond it, or
 * undefined. §4.2.4 allows a disconnected cache to serve stale, but not past an explicit
 * in-protocol directive: must-revalidate says so outright (§5.2.2.2: a disconnected cache must
 * answer with an error), and no-cache forbids any reuse without validation (§5.2.2.4). `'stale'`
 * honours both, so an origin can keep a response from being shown unvalidated; `'any'` is an
 * offline-first app's choice to show the last known data anyway (docs/decisions/0023), and is
 * told apart so that the app can say so.
 */
export function offlineStandIn(
  stored: StoredResponse,
  mode: OfflineMode,
): 'offline' | 'offline-any' | undefined {
  if (mode === 'error') return undefined;
  // RFC 9111 §5.2.2.2, §5.2.2.4: must-revalidate and no-cache forbid serving it unvalidated.
  const forbidden =
    stored.freshness.mustRevalidate || stored.freshness.noCache || stored.invalidated;
  if (!forbidden) return 'offline';
  return mode === 'any' ? 'offline-any' : undefined;
}

/**
 * Whether the request's own max-stale accepts this stored response (RFC 9111 §5.2.1.2), which
 * lets it stand in when the origin is too slow; §5.2.2.2: never past must-revalidate, §5.2.2.4:
 * nor no-cache.
 */
export function maxStaleAllows(
  stored: StoredResponse,
  request: RequestSnapshot,
  now: number,
): boolean {
  if (stored.freshness.mustRevalidate || stored.freshness.noCache || stored.invalidated) {
    return false;
  }
  const directives = parseCacheControl(headerValue(request.headers, 'cache-control'));
  return withinMaxStale(directives, stalenessMs(stored, now));
}

/**
 * How long ago the response became stale, in ms (negative while fresh). Here, not in ./age with
 * the rest of RFC 9111 §4.2.3's arithmetic: only a stale response's fallbacks ask, and ./age is on
 * every hit's path (decision 0008).
 */
export function stalenessMs(stored: StoredResponse, now: number): number {
  return currentAgeMs(stored, now) - stored.freshness.lifetimeMs;
}
