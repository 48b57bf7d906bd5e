// The answer to a write that was queued: `202 Accepted` (RFC 9110 §15.3.3: accepted for
// processing, not yet done), told apart by `Cache-Status: ...; detail="queued"` and X-Outbox-Id.
import { formatCacheStatus } from '../../policy/cache-status';

/** `gatewayStatus`: the 502, 503 or 504 the first attempt got, if that is why it was queued. */
export function queuedResponse(
  id: string,
  cacheStatus: boolean,
  gatewayStatus: number | undefined,
): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'x-outbox-id': id });
  if (cacheStatus) {
    headers.set(
      'cache-status',
      formatCacheStatus({ fwd: 'method', fwdStatus: gatewayStatus, detail: 'queued' }),
    );
  }
  return new Response(JSON.stringify({ queued: true, id }), {
    status: 202,
    statusText: 'Accepted',
    headers,
  });
}
