// Answers from storage: a hit, or a stale response where the rules allow it after a failure.
import type { CacheStatusParams } from '../policy/cache-status';
import type { StoredResponse } from '../policy/snapshot';
import { offlineAllows, staleIfErrorAllows } from '../policy/stale-on-error';
import type { CacheEntry, StoredBody } from '../store/cache-store';
import type { Engine, Lookup } from './engine';
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
  const status = detail ? { hit: true, detail } : { hit: true };
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

/**
 * After a network error (no status) or a 5xx reply: the stale response when stale-if-error
 * (RFC 5861 §4) or the `offline: 'stale'` option allows it, else undefined (pitfall 7).
 */
export async function staleFallback(
  engine: Engine,
  lookup: Lookup,
  entry: CacheEntry,
  failure: { status?: number },
): Promise<Outcome | undefined> {
  const now = engine.options.now();
  let detail: string | undefined;
  if (staleIfErrorAllows(entry.response, lookup.snapshot, now, failure)) detail = 'stale-if-error';
  else if (
    failure.status === undefined &&
    engine.options.offline === 'stale' &&
    offlineAllows(entry.response)
  ) {
    detail = 'offline';
  }
  if (!detail) return undefined;
  // RFC 9211 §2.2: the request was forwarded (a hit means it was not), the stored response stood in.
  const status: CacheStatusParams = { fwd: 'stale', detail };
  if (failure.status !== undefined) status.fwdStatus = failure.status;
  return fromStore(engine, lookup, entry, entry.response, status);
}
