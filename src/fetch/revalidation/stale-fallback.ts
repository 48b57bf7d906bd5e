// A stale response standing in for an origin that failed (RFC 5861 §4, offline, networkTimeout):
// part of the revalidation path, loaded with it.
import { sameCredentials } from '../../policy/credentials';
import {
  maxStaleAllows,
  type OriginFailure,
  offlineStandIn,
  originUnreachable,
  staleIfErrorAllows,
} from '../../policy/stale-on-error';
import type { CacheEntry } from '../../store/cache-store';
import { fromStore } from '../cacheable/from-store';
import type { CacheableRequest, Engine } from '../context/engine';
import type { StaleReason } from '../context/events';
import type { Outcome } from '../response/outcome';

/** How the origin failed us: a network error (no status), a 5xx, or no head within `networkTimeout`. */
export type Failure = OriginFailure | { timeout: true };

/**
 * Why the stored response may stand in for the origin after `failure`, or undefined: stale-if-error
 * (RFC 5861 §4), `offline: 'stale'` when the origin is unreachable, and for a timeout also the
 * request's own max-stale (docs/pitfalls.md #7); `offline: 'any'` beyond RFC 9111 §4.2.4 (`offline-any`,
 * `timeout-any`: decision 0023).
 */
export function standInReason(
  engine: Engine,
  cacheable: CacheableRequest,
  entry: CacheEntry,
  failure: Failure,
): StaleReason | undefined {
  const now = engine.options.now();
  const stored = entry.response;
  // Decision 0018: never another user's response, not even for a failing origin.
  if (!sameCredentials(stored, cacheable.snapshot)) return undefined;
  const timeout = 'timeout' in failure;
  // A timeout is judged as a network error would be: the origin has not answered.
  const asFailure: OriginFailure = timeout ? {} : failure;
  const offline = originUnreachable(asFailure)
    ? offlineStandIn(stored, engine.options.offline)
    : undefined;
  if (timeout) {
    const allowed =
      staleIfErrorAllows(stored, cacheable.snapshot, now, asFailure) ||
      offline === 'offline' ||
      maxStaleAllows(stored, cacheable.snapshot, now);
    if (allowed) return 'timeout';
    // Only `offline: 'any'` lets it stand in: told apart, as it is beyond RFC 9111 §4.2.4.
    return offline === 'offline-any' ? 'timeout-any' : undefined;
  }
  if (staleIfErrorAllows(stored, cacheable.snapshot, now, asFailure)) return 'stale-if-error';
  return offline;
}

/** The stored response standing in for the origin after `failure` (see standInReason), else undefined. */
export async function staleFallback(
  engine: Engine,
  cacheable: CacheableRequest,
  entry: CacheEntry,
  failure: Failure,
): Promise<Outcome | undefined> {
  const detail = standInReason(engine, cacheable, entry, failure);
  if (!detail) return undefined;
  const fwdStatus = 'status' in failure ? failure.status : undefined;
  const action = { kind: 'stand-in', fwd: 'stale', detail, fwdStatus } as const;
  return fromStore(engine, cacheable, entry, entry.response, action);
}
