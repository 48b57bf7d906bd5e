// Answers from storage: a hit, a freshened 304, a stale response standing in (../revalidation/stale-fallback).
import { isFreshAtAge } from '../../policy/age';
import type { ReuseDecision } from '../../policy/reuse';
import type { StoredResponse } from '../../policy/snapshot';
import type { CacheEntry, StoredBody } from '../../store/cache-store';
import type { CacheableRequest, Engine } from '../context/engine';
import type { CacheAction } from '../response/cache-action';
import type { Outcome } from '../response/outcome';

/**
 * The stored response as an Outcome, reading its body (HEAD needs none). Undefined when the body
 * is gone or unreadable: the caller then goes to the network.
 */
export async function fromStore(
  engine: Engine,
  cacheable: CacheableRequest,
  entry: CacheEntry,
  stored: StoredResponse,
  action: CacheAction,
  /** What the read found: the body, or null when it looked and it was gone. */
  preloaded?: StoredBody | null,
): Promise<Outcome | undefined> {
  let body: StoredBody | null = null;
  if (cacheable.snapshot.method !== 'HEAD') {
    body = preloaded === undefined ? ((await engine.storage.body(entry)) ?? null) : preloaded;
    if (body === null) return undefined;
  }
  engine.storage.recordUse(entry, engine.options.now());
  return { kind: 'stored', stored, body, action };
}

/** RFC 9111 §4.2: what a reuse decision that serves the stored response did (RFC 9211 `detail`). */
export function hitAction(
  entry: CacheEntry,
  decision: Exclude<ReuseDecision, { kind: 'revalidate' }>,
): CacheAction {
  const { response } = entry;
  const { ageMs } = decision;
  const stale = !isFreshAtAge(response, ageMs);
  const ageSec = Math.floor(ageMs / 1000);
  // §4.2.2: say when the freshness that allowed this hit was a heuristic guess.
  const detail =
    decision.kind === 'stale-allowed'
      ? decision.why
      : decision.kind === 'stale-while-revalidate'
        ? decision.kind
        : response.freshness.heuristic
          ? 'heuristic'
          : undefined;
  return { kind: 'hit', hit: true, detail, status: response.status, ageSec, stale };
}
