// Answers from storage: a hit (a stale response standing in after a failure: ./stale-fallback).
import type { CacheStatusParams } from '../policy/cache-status';
import type { StoredResponse } from '../policy/snapshot';
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
