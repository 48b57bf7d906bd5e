// The answer to a write that was queued: `202 Accepted` (RFC 9110 §15.3.3: accepted for
// processing, not yet done), told apart by `Cache-Status: ...; detail="queued"` and X-Outbox-Id.
import type { ResolvedOptions } from '../context/options';
import type { CacheAction } from '../response/cache-action';
import { cacheStatusOf, waiterOf } from '../response/outcome';

/**
 * `gatewayStatus`: the 502, 503 or 504 the first attempt got, if that is why it was queued. Its
 * Cache-Status is the `queued` action's, formatted where every other is (../response/outcome).
 */
export function queuedResponse(
  id: string,
  options: Pick<ResolvedOptions, 'cacheStatus' | 'now'>,
  method: string,
  gatewayStatus: number | undefined,
): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'x-outbox-id': id });
  const action: CacheAction = {
    kind: 'queued',
    fwd: 'method',
    fwdStatus: gatewayStatus,
    detail: 'queued',
  };
  const status = cacheStatusOf(waiterOf(options, null, method), action, undefined);
  if (status !== undefined) headers.set('cache-status', status);
  return new Response(JSON.stringify({ queued: true, id }), {
    status: 202,
    statusText: 'Accepted',
    headers,
  });
}
