// The RFC 9211 §2.9 `detail` values this cache writes, and which of them mean "a stored response
// stood in for an origin that failed", so that an app's offline banner cannot miss one.
import { type CacheStatus, parseCacheStatus } from './parse-cache-status';

/**
 * Why a stored response stood in for the origin: stale-if-error (RFC 5861 §4), `offline`
 * (RFC 9111 §4.2.4, the origin unreachable), `timeout` (`networkTimeout`), and `offline-any` /
 * `timeout-any` when only `offline: 'any'` allowed it (a `no-cache` or `must-revalidate`
 * response, beyond §4.2.4: decision 0023).
 */
export type StandInDetail =
  | 'stale-if-error'
  | 'offline'
  | 'timeout'
  | 'offline-any'
  | 'timeout-any';

/**
 * Every `detail` cached-fetch writes in its Cache-Status member: the stand-ins, a stale hit's
 * reason (RFC 5861 §3, a request's `max-stale`, mode `force-cache` or `only-if-cached`), freshness
 * by heuristic (RFC 9111 §4.2.2), a body gone from storage, and the `only-if-cached` 504.
 */
export type CacheStatusDetail =
  | StandInDetail
  | 'stale-while-revalidate'
  | 'max-stale'
  | 'force-cache'
  | 'only-if-cached'
  | 'heuristic'
  | 'body-missing';

const standIns: ReadonlySet<string> = new Set<StandInDetail>([
  'stale-if-error',
  'offline',
  'timeout',
  'offline-any',
  'timeout-any',
]);

/**
 * Whether a stored response stood in for an origin that failed or was too slow (`stale-if-error`,
 * `offline`, `timeout`, `offline-any`, `timeout-any`): what an offline banner should say. Takes
 * the response (its Cache-Status is read) or what `parseCacheStatus` returned.
 *
 * @example
 * const res = await api('/api/orders');
 * if (isStandIn(res)) showOfflineBanner();
 */
export function isStandIn(from: Response | CacheStatus | null | undefined): boolean {
  const status =
    from && 'headers' in from ? parseCacheStatus(from.headers.get('cache-status')) : from;
  return status?.detail !== undefined && standIns.has(status.detail);
}
