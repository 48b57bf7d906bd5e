// Whether a response may be stored at all (RFC 9111 §3).
import { type CacheControl, parseCacheControl } from './cache-control';
import { withoutFragment } from './cache-key';
import { varyUnmatchable } from './credentials';
import { isHeuristicallyCacheable } from './freshness';
import { headerLines, headerValue, splitList } from './headers';
import { followsRedirects, isRedirectStatus } from './redirect-mode';
import type { RequestSnapshot, ResponseSnapshot } from './snapshot';

export type NotStorableReason =
  | 'method'
  | 'status'
  | 'partial-content'
  | 'not-modified'
  | 'must-understand'
  | 'request-no-store'
  | 'no-store'
  | 'opaque'
  | 'redirect-mode'
  | 'vary-star'
  | 'vary-cookie'
  | 'vary-credentials'
  | 'no-freshness-information';

export type Storability = { storable: true } | { storable: false; reason: NotStorableReason };

// RFC 9111 §5.2.2.3: the status codes whose caching rules we implement (those RFC 9110 defines,
// 206 included: partial content, §3.3).
const understoodStatuses = new Set([
  200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 305, 307, 308, 400, 401, 402, 403, 404,
  405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426, 500, 501, 502,
  503, 504, 505,
]);

/**
 * Whether this response to this request may be stored (RFC 9111 §3). `responseType` is
 * `Response.type`. Storing is never required, so the answer errs towards false.
 */
export function storability(
  request: RequestSnapshot,
  response: ResponseSnapshot,
  responseType: string,
): Storability {
  const { status } = response;
  const directives = parseCacheControl(headerValue(response.headers, 'cache-control'));
  // RFC 9111 §3: the request method is understood: GET (HEAD updates it, §4.3.5), and POST where
  // RFC 9110 §9.3.3 makes its response reusable for a later GET.
  const methodAllowed =
    request.method === 'GET' ||
    (request.method === 'POST' && reusableForGet(request, response, directives));
  if (!methodAllowed) return { storable: false, reason: 'method' };
  // RFC 9111 §3: the status code is final (RFC 9110 §15: 1xx are interim; 0 is no status at all).
  if (status < 200 || status > 599) return { storable: false, reason: 'status' };
  // RFC 9111 §3, §3.3: 206 as partial content, and only in answer to a Range request (a 206 to
  // any other request is no answer to it, RFC 9110 §14.2).
  if (status === 206 && headerLines(request.headers, 'range').length === 0) {
    return { storable: false, reason: 'partial-content' };
  }
  // RFC 9111 §3, §4.3.4: a 304 only freshens a stored response; it is never stored as such.
  if (status === 304) return { storable: false, reason: 'not-modified' };
  // RFC 9111 §5.2.1.5: request no-store: do not store any part of the request or its response.
  const requestDirectives = parseCacheControl(headerValue(request.headers, 'cache-control'));
  if (requestDirectives.has('no-store')) return { storable: false, reason: 'request-no-store' };
  // RFC 9111 §5.2.2.3: with must-understand, a status code we understand may be stored despite
  // no-store (which is there for caches that do not understand it); any other must not be.
  if (directives.has('must-understand')) {
    if (!understoodStatuses.has(status)) return { storable: false, reason: 'must-understand' };
  } else if (directives.has('no-store')) {
    // RFC 9111 §3, §5.2.2.5: response no-store.
    return { storable: false, reason: 'no-store' };
  }
  // Fetch: an opaque response's head and body are unreadable; nothing to store or revalidate.
  if (responseType === 'opaque' || responseType === 'opaqueredirect') {
    return { storable: false, reason: 'opaque' };
  }
  // Fetch: a redirect that a `manual` or `error` request got unfollowed (Node gives `manual` the
  // 3xx itself) is not what a `follow` request of the same URL would get: it is not stored.
  if (!followsRedirects(request) && isRedirectStatus(status)) {
    return { storable: false, reason: 'redirect-mode' };
  }
  // RFC 9111 §4.1: `Vary: *` never matches a later request; storing it would only cost writes.
  const vary = splitList(headerValue(response.headers, 'vary')).map((name) => name.toLowerCase());
  if (vary.includes('*')) return { storable: false, reason: 'vary-star' };
  // RFC 9111 §4.1 needs the request's Cookie to match a `Vary: Cookie` response, and the browser
  // never shows it to scripts: such a response could reach another user after a login change.
  if (vary.includes('cookie')) return { storable: false, reason: 'vary-cookie' };
  // The same for Authorization the browser added itself (HTTP Basic), decision 0018.
  if (varyUnmatchable(vary, request.headers))
    return { storable: false, reason: 'vary-credentials' };
  // RFC 9111 §3: one of max-age, Expires, public, private (we are a private cache), or a
  // heuristically cacheable status (RFC 9110 §15.1). s-maxage is for shared caches only.
  const explicit =
    directives.has('max-age') ||
    headerLines(response.headers, 'expires').length > 0 ||
    directives.has('public') ||
    directives.has('private');
  if (explicit || isHeuristicallyCacheable(status)) return { storable: true };
  return { storable: false, reason: 'no-freshness-information' };
}

/**
 * RFC 9110 §9.3.3: a POST response is cacheable (for a later GET of the same URI, RFC 9111 §4)
 * only with explicit freshness and a Content-Location equal to the POST's target URI. RFC 9110
 * §8.7: only in a 2xx does Content-Location say the content is that URI's representation.
 */
function reusableForGet(
  request: RequestSnapshot,
  response: ResponseSnapshot,
  directives: CacheControl,
): boolean {
  if (response.status < 200 || response.status > 299) return false;
  const explicitFreshness =
    directives.has('max-age') || headerLines(response.headers, 'expires').length > 0;
  const location = headerLines(response.headers, 'content-location');
  if (!explicitFreshness || location.length !== 1) return false;
  try {
    return (
      withoutFragment(new URL((location[0] as string).trim(), request.url).href) ===
      withoutFragment(new URL(request.url).href)
    );
  } catch {
    return false;
  }
}
