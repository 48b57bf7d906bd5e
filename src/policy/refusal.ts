// When a final response means "stop reusing what you stored for this URL", not only "do not store
// me": the origin refused the stored responses it would replace (docs/decisions/0019).
import type { RequestSnapshot } from './snapshot';
import type { Storability } from './storability';

/**
 * Whether this final response to a GET or HEAD, which cannot be stored (`verdict`), makes the
 * responses stored for its URL unusable. RFC 9111 §4.3.3: a full response to a validation shows
 * that the stored responses it nominated are not suitable; §4.3.4: a 304 whose updated header
 * fields forbid storing leaves nothing that may be stored. So when the origin now says
 * `no-store`, `Vary: *`, `Vary: Cookie` (unmatchable here, decision 0003), or must-understand
 * with a status we do not implement, or refuses access (401, 403 not storable, with or without
 * no-store: revoked access must not come back through `force-cache`, `offline` or
 * stale-if-error), the stored responses go. Chromium's HttpCache does the same for `no-store`:
 * it dooms the entry a validation's response or a 304 would have rewritten.
 *
 * Never for a transient failure (5xx, 408, 429): it says nothing about the resource, and
 * stale-if-error (RFC 5861 §4) exists to answer it with the stored response. Never for a response
 * the request alone kept from storage (request `no-store`, a Range answer, an opaque response):
 * the origin refused nothing. A storable response replaces the stored one by being stored.
 */
export function refusesStored(
  request: Pick<RequestSnapshot, 'method'>,
  status: number,
  verdict: Storability,
): boolean {
  if (verdict.storable || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
  if (status >= 500 || status === 408 || status === 429) return false;
  if (status === 401 || status === 403) return true;
  return refusals.has(verdict.reason);
}

// The reasons in which the response itself forbids reuse (RFC 9111 §3, §4.1, §5.2.2.3, §5.2.2.5).
const refusals = new Set<string>(['no-store', 'vary-star', 'vary-cookie', 'must-understand']);
