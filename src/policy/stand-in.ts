// Which of the RFC 9211 §2.9 `detail` values this cache writes mean "a stored response
// stood in for an origin that failed", so that an app's offline banner cannot miss one.
import type { StandInDetail } from './cache-status-detail';
import { type CacheStatus, parseCacheStatus } from './parse-cache-status';

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
