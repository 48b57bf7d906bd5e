// Answers from storage: a hit, or a stale response where the rules allow it after a failure.
import type { CacheStatusParams } from '../policy/cache-status';
import type { StoredResponse } from '../policy/snapshot';
import {
  maxStaleAllows,
  type OriginFailure,
  offlineAllows,
  originUnreachable,
  staleIfErrorAllows,
} from '../policy/stale-on-error';
import type { CacheEntry, StoredBody } from '../store/cache-store';
import type { Engine, Lookup } from './engine';
import type { CacheEventMap, StaleReason } from './events';
import type { Outcome } from './outcome';

/**
 * The stored response as an Outcome, reading its body (HEAD needs none). Undefined when the body
 * is gone or unreadable: the caller then goes to the network.
 */
export async function fromStore(
  engine: Engine,
  lookup: Lookup,
  entry: CacheEntry,
  stored: StoredResponse,
  status: CacheStatusParams,
  /** What the lookup's read found: the body, or null when it looked and it was gone. */
  preloaded?: StoredBody | null,
): Promise<Outcome | undefined> {
  let body: StoredBody | null = null;
  if (lookup.snapshot.method !== 'HEAD') {
    body = preloaded === undefined ? ((await engine.storage.body(entry)) ?? null) : preloaded;
    if (body === null) return undefined;
  }
  engine.storage.recordUse(entry, engine.options.now());
  return { kind: 'stored', stored, body, status };
}

export async function serveHit(
  engine: Engine,
  lookup: Lookup,
  entry: CacheEntry,
  ageMs: number,
  detail: string | undefined,
  preloaded: StoredBody | null,
): Promise<Outcome | undefined> {
  // RFC 9111 §4.2.2: say when the freshness that allowed this hit was a heuristic guess.
  const why = detail ?? (entry.response.freshness.heuristic ? 'heuristic' : undefined);
  const status = why ? { hit: true, detail: why } : { hit: true };
  const outcome = await fromStore(engine, lookup, entry, entry.response, status, preloaded);
  if (outcome) {
    const stale = ageMs >= entry.response.freshness.lifetimeMs;
    engine.events.emit('hit', {
      url: lookup.request.url,
      status: entry.response.status,
      ageSec: Math.floor(ageMs / 1000),
      stale,
    });
  }
  return outcome;
}

/** How the origin failed us: a network error (no status), a 5xx, or no head within `networkTimeout`. */
export type Failure = OriginFailure | { timeout: true };

/**
 * Why the stored response may stand in for the origin after `failure`, or undefined: stale-if-error
 * (RFC 5861 §4), `offline: 'stale'` when the origin is unreachable, and for a timeout also the
 * request's own max-stale (pitfall 7).
 */
export function standInReason(
  engine: Engine,
  lookup: Lookup,
  entry: CacheEntry,
  failure: Failure,
): StaleReason | undefined {
  const now = engine.options.now();
  const stored = entry.response;
  const timeout = 'timeout' in failure;
  // A timeout is judged as a network error would be: the origin has not answered.
  const asFailure: OriginFailure = timeout ? {} : failure;
  const offline =
    originUnreachable(asFailure) && engine.options.offline === 'stale' && offlineAllows(stored);
  if (timeout) {
    const allowed =
      staleIfErrorAllows(stored, lookup.snapshot, now, asFailure) ||
      offline ||
      maxStaleAllows(stored, lookup.snapshot, now);
    return allowed ? 'timeout' : undefined;
  }
  if (staleIfErrorAllows(stored, lookup.snapshot, now, asFailure)) return 'stale-if-error';
  return offline ? 'offline' : undefined;
}

/** The stored response standing in for the origin after `failure` (see standInReason), else undefined. */
export async function staleFallback(
  engine: Engine,
  lookup: Lookup,
  entry: CacheEntry,
  failure: Failure,
): Promise<Outcome | undefined> {
  const detail = standInReason(engine, lookup, entry, failure);
  if (!detail) return undefined;
  // RFC 9211 §2.2: the request was forwarded (a hit means it was not), the stored response stood in.
  const status: CacheStatusParams = { fwd: 'stale', detail };
  if ('status' in failure && failure.status !== undefined) status.fwdStatus = failure.status;
  const outcome = await fromStore(engine, lookup, entry, entry.response, status);
  if (outcome) {
    const event: CacheEventMap['stale'] = { url: lookup.request.url, reason: detail };
    if (status.fwdStatus !== undefined) event.status = status.fwdStatus;
    engine.events.emit('stale', event);
  }
  return outcome;
}
