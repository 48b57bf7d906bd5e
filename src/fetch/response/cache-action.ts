// What the cache did for one request: one closed type, decided by the flow (../cacheable/flow, and
// ../range/request for Range requests), carried by the Outcome (./outcome). Each kind carries its RFC 9211 Cache-Status parameters
// under their CacheStatusParams names (`hit`, `fwd`, `fwd-status`, `stored`, `detail`), so the
// header is the action itself, formatted; the event is derived by `eventOf`, and the inspector
// counts those events. Nothing else says what happened.
import type { RevalidateReason } from '../../policy/reuse';
import type { CacheEventMap, CacheEvents, StaleReason } from '../context/events';

/** What the network told us, added once its response head arrived (RFC 9211 §2.3, §2.6). */
interface Answered {
  fwdStatus?: number;
  stored?: boolean;
}

export type CacheAction =
  /**
   * RFC 9111 §4.2: served from storage without contacting the origin. `detail` says why a stale
   * response could be (§4.2.4, RFC 5861 §3), or that its freshness was a heuristic guess (§4.2.2).
   */
  | {
      kind: 'hit';
      hit: true;
      detail?: string | undefined;
      status: number;
      ageSec: number;
      stale: boolean;
    }
  /**
   * Nothing usable stored (RFC 9211 §2.2): `uri-miss`, `vary-miss`; `request` when the request's
   * mode skipped the lookup (`reload`); `partial` when stored parts lack the range (RFC 9111 §3.3);
   * `miss` for a caller that joined a request whose response could not be shared and made its own;
   * `detail: 'body-missing'` when a stored response would do but its body is gone.
   */
  | ({
      kind: 'miss';
      fwd: 'uri-miss' | 'vary-miss' | 'request' | 'partial' | 'miss';
      detail?: 'body-missing';
    } & Answered)
  /**
   * RFC 9111 §4.3.4: a conditional request was answered 304; the stored response was freshened
   * and served. `fwd` is `stale` when the stored response asked for validation, `request` when the
   * request's directives or mode did.
   */
  | { kind: 'not-modified'; fwd: 'stale' | 'request'; fwdStatus: 304; background: boolean }
  /** §4.3.3: the origin answered the validation with a response of its own (200, 404, ...). */
  | ({ kind: 'replaced'; fwd: 'stale' | 'request' } & Answered)
  /** RFC 5861 §4, `offline`, `networkTimeout`: the origin failed, the stored response stood in. */
  | { kind: 'stand-in'; fwd: 'stale'; detail: StaleReason; fwdStatus?: number | undefined }
  /**
   * Not for the cache (an unsafe method, `no-store`, a request it cannot handle): passed along;
   * `stored` for a POST response reusable by later GETs (RFC 9110 §9.3.3).
   */
  | ({ kind: 'passed'; fwd: 'method' | 'bypass' } & Answered)
  /** RFC 9111 §5.2.1.7: `only-if-cached` with nothing usable stored (a 504). */
  | { kind: 'only-if-cached'; detail: 'only-if-cached' }
  /**
   * A write the outbox queued (decision 0024), answered 202 before the origin has it; `fwdStatus`
   * is the 502, 503 or 504 its first attempt got, if that is why. Its event is `queued`, told by
   * the outbox once the write is stored (../outbox).
   */
  | { kind: 'queued'; fwd: 'method'; fwdStatus?: number | undefined; detail: 'queued' };

/**
 * RFC 9211 §2.2: a validation's `fwd`: `stale` when the stored response itself asks for it
 * (expired, or its own no-cache), `request` when the request's directives or mode did.
 */
export function validationFwd(why: RevalidateReason): 'stale' | 'request' {
  // RFC 9211 §2.2: `stale` when the stored response itself asks for validation (expired, its own
  // no-cache, or an invalidation: decision 0025); `request` when the request's directives or mode did.
  return why === 'stale' || why === 'no-cache' || why === 'invalidated' ? 'stale' : 'request';
}

/**
 * RFC 9211 §2.2: why nothing stored answered: the mode skipped the read (`request`), variants are
 * stored but none matches (`vary-miss`), or nothing is (`uri-miss`).
 */
export function missFwd(
  readStored: boolean,
  variants: number,
): 'request' | 'vary-miss' | 'uri-miss' {
  return !readStored ? 'request' : variants > 0 ? 'vary-miss' : 'uri-miss';
}

/** The actions whose response comes from the network. */
export type ForwardedAction = Extract<CacheAction, { kind: 'miss' | 'replaced' | 'passed' }>;

/** An event and its payload, as `CacheEvents.emit` takes them. */
export type CacheEvent = {
  [T in keyof CacheEventMap]: [type: T, event: CacheEventMap[T]];
}[keyof CacheEventMap];

/**
 * The event that tells listeners (and the inspector) about the action, if any. A response that
 * replaced the stored one is told by `updated` once it is stored, and only if it differs
 * (docs/pitfalls.md #6); a miss of stored parts or of a shared request is none of the representation's.
 */
export function eventOf(action: CacheAction, url: string): CacheEvent | undefined {
  const { kind } = action;
  if (kind === 'hit') {
    const { status, ageSec, stale } = action;
    return ['hit', { url, status, ageSec, stale }];
  }
  if (kind === 'miss') {
    const { fwd } = action;
    if (fwd === 'partial' || fwd === 'miss') return undefined;
    return ['miss', { url, reason: fwd === 'request' ? 'reload' : fwd }];
  }
  if (kind === 'not-modified') return ['revalidated', { url, background: action.background }];
  if (kind === 'stand-in') {
    const event: CacheEventMap['stale'] = { url, reason: action.detail };
    if (action.fwdStatus !== undefined) event.status = action.fwdStatus;
    return ['stale', event];
  }
  return undefined;
}

/** Emits the action's event, if it has one. */
export function reportAction(events: CacheEvents, url: string, action: CacheAction): void {
  const event = eventOf(action, url);
  if (event) events.emit(...(event as [never, never]));
}
