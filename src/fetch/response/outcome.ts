// The result of one piece of cache work, shared by every caller that joined it: each caller turns
// it into its own Response (its own body stream, its own Age and Cache-Status).

import { ageHeaderValue, ttlSec } from '../../policy/age';
import { formatCacheStatus } from '../../policy/cache-status';
import type { StoredResponse } from '../../policy/snapshot';
import type { StoredBody } from '../../store/cache-store';
import type { ResolvedOptions } from '../context/options';
import { followAbort, raceAbort } from './abort';
import type { BodyBroadcast } from './body-broadcast';
import type { CacheAction, ForwardedAction } from './cache-action';
import type { BodyCopy } from './kept-copy';
import { ReplayUnavailable } from './replay-unavailable';
import { responseFromStore, withCacheStatus } from './served-response';

export type Outcome =
  /** Served from storage (a hit, a freshened 304, a stale fallback). */
  | { kind: 'stored'; stored: StoredResponse; body: StoredBody | null; action: CacheAction }
  /** From the network, shareable: every caller gets the body stream, the cache a complete copy. */
  | {
      kind: 'stream';
      response: Response;
      broadcast: BodyBroadcast;
      action: ForwardedAction;
      /**
       * The complete response that will be stored: gives `ttl` to callers who join while the body
       * still streams (none for Range parts: a 206 is no representation's freshness).
       */
      stored?: StoredResponse | undefined;
    }
  /**
   * From the network, not shareable (not storable, or a first visit's answered before admission
   * loaded): only the first caller gets it.
   */
  | {
      kind: 'direct';
      response: Response;
      action: ForwardedAction;
      taken: boolean;
      /** The body the caller gets instead of the response's own (./kept-copy: a copy is kept). */
      body?: ReadableStream<Uint8Array> | null | undefined;
      /** That copy once the body has ended: null when there is none (too large, failed). */
      whole?: Promise<BodyCopy | null>;
    }
  /** Made up by the cache (504 for `Cache-Control: only-if-cached` with nothing stored). */
  | { kind: 'synthetic'; response: Response; action: CacheAction };

export interface Waiter {
  signal: AbortSignal | null;
  /** The caller that started the work (the others are `collapsed`, RFC 9211 §2.4). */
  leader: boolean;
  method: string;
  /** Add Cache-Status. */
  cacheStatus: boolean;
  now: number;
}

/** A caller of the cache `options` belongs to, as it asks for its Response now. */
export function waiterOf(
  options: Pick<ResolvedOptions, 'cacheStatus' | 'now'>,
  signal: AbortSignal | null,
  method: string,
  leader = true,
): Waiter {
  return { signal, leader, method, cacheStatus: options.cacheStatus, now: options.now() };
}

/**
 * RFC 9211: the action's member, with this caller's `ttl` and `collapsed` (§2.5, §2.7); undefined
 * without the `cacheStatus` option. The one place a Cache-Status member is formatted: every
 * response the cache gives (stored, streamed, passed along, made up) gets it from here.
 */
export function cacheStatusOf(
  waiter: Pick<Waiter, 'cacheStatus' | 'leader' | 'now'>,
  action: CacheAction,
  stored: StoredResponse | undefined,
): string | undefined {
  if (!waiter.cacheStatus) return undefined;
  return formatCacheStatus({
    ...action,
    ttlSec: stored && ttlSec(stored, waiter.now),
    collapsed: !waiter.leader,
  });
}

/**
 * The caller's own Response, or undefined when this caller cannot share the outcome and must do
 * its own request (a non-storable response, or a body that can no longer be replayed).
 */
export function respond(outcome: Outcome, waiter: Waiter): Response | undefined {
  switch (outcome.kind) {
    case 'stored': {
      const { stored } = outcome;
      const extra: Array<[string, string]> = [['age', ageHeaderValue(stored, waiter.now)]];
      const status = cacheStatusOf(waiter, outcome.action, stored);
      if (status !== undefined) extra.push(['cache-status', status]);
      const body = waiter.method === 'HEAD' ? null : outcome.body;
      return responseFromStore(stored, body, extra, waiter.signal);
    }
    case 'stream': {
      let body: ReadableStream<Uint8Array> | null;
      try {
        body = outcome.response.body === null ? null : outcome.broadcast.subscribe(waiter.signal);
      } catch (error) {
        if (error instanceof ReplayUnavailable) return undefined;
        throw error;
      }
      const status = cacheStatusOf(waiter, outcome.action, outcome.stored);
      return withCacheStatus(outcome.response, status, waiter.signal, body);
    }
    case 'direct': {
      if (outcome.taken) return undefined;
      outcome.taken = true;
      const status = cacheStatusOf(waiter, outcome.action, undefined);
      const body = outcome.body && followAbort(outcome.body, waiter.signal);
      return withCacheStatus(outcome.response, status, waiter.signal, body);
    }
    case 'synthetic':
      return waiter.leader ? outcome.response : outcome.response.clone();
  }
}

/**
 * A caller that joined a first visit's answer ahead (../cacheable/admission, answerAhead), which
 * streams to its first caller alone: the response with the kept copy as its body, once the body
 * has ended (RFC 9211 §2.7 `collapsed`: one request at the origin). Undefined where there is no
 * copy (any other outcome, or a body too large or broken): the caller makes its own request.
 */
export async function fromKeptCopy(
  outcome: Outcome,
  waiter: Waiter,
): Promise<Response | undefined> {
  if (outcome.kind !== 'direct' || !outcome.whole) return undefined;
  const copy = await raceAbort(outcome.whole, waiter.signal);
  if (!copy) return undefined;
  const status = cacheStatusOf(waiter, outcome.action, undefined);
  return withCacheStatus(outcome.response, status, waiter.signal, new Blob(copy));
}
