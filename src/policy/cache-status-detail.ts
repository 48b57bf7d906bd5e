// The RFC 9211 §2.9 `detail` values this cache writes in its Cache-Status member.

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
 * by heuristic (RFC 9111 §4.2.2), a body gone from storage, the `only-if-cached` 504, and a write
 * the outbox queued (its 202).
 */
export type CacheStatusDetail =
  | StandInDetail
  | 'stale-while-revalidate'
  | 'max-stale'
  | 'force-cache'
  | 'only-if-cached'
  | 'heuristic'
  | 'body-missing'
  | 'queued';
