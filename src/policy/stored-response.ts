// Building the StoredResponse that is written when a response is stored (RFC 9111 §3.1, §4.1, §4.2),
// its Vary rule included: only admission builds one, so it is not in ./vary, which every request's
// variant selection loads (decision 0008).
import { describeFreshness } from './freshness';
import { headerValue, isToken, splitList } from './headers';
import type { RequestSnapshot, ResponseSnapshot, StoredResponse, VaryRule } from './snapshot';
import { storedHeaders } from './stored-headers';
import { uniqueSorted } from './vary';

/**
 * The StoredResponse for a response being stored: hop-by-hop fields dropped, freshness parsed,
 * Vary rule taken. `request` is the caller's request (without any validators we added), `url`
 * and `redirected` those of the Response (restored on a hit), `varyReadable` false when the
 * response's Vary may be hidden from us (cross-origin, not exposed). Check `storability` first;
 * its secondary key is `secondaryKey(result.vary, request.headers)`. Its groups (RFC 9875) are
 * added as it is written (`withGroups`, ./cache-groups): their parser is not loaded before a
 * miss's data (decision 0027, "Tenth pass").
 */
export function toStoredResponse(args: {
  request: RequestSnapshot;
  response: ResponseSnapshot;
  statusText: string;
  url: string;
  redirected: boolean;
  varyReadable: boolean;
}): StoredResponse {
  const { request, response } = args;
  const head: ResponseSnapshot = {
    status: response.status,
    headers: storedHeaders(response.headers),
    requestTime: response.requestTime,
    responseTime: response.responseTime,
  };
  return {
    ...head,
    statusText: args.statusText,
    url: args.url,
    redirected: args.redirected,
    freshness: describeFreshness(head, args.redirected),
    vary: varyRule(head, request, args.varyReadable),
    // Decision 0018: reused without the origin only for the same credentials.
    ...(request.credentials ? { credentials: request.credentials } : {}),
  };
}

/**
 * The Vary rule of a response about to be stored. `varyReadable` false (a cross-origin response
 * whose Vary may be hidden from us): match on every header the request carried, so that the
 * response is never reused for other request headers.
 */
export function varyRule(
  response: ResponseSnapshot,
  request: RequestSnapshot,
  varyReadable: boolean,
): VaryRule {
  if (!varyReadable) {
    return { kind: 'unreadable', names: uniqueSorted(request.headers.map(([name]) => name)) };
  }
  // RFC 9111 §4.1: several Vary lines combine into one list.
  const members = splitList(headerValue(response.headers, 'vary'));
  // RFC 9111 §4.1: "*" always fails to match. So does a member that is not a field name: we
  // cannot tell which request header it meant, so no request may reuse the response.
  if (members.some((member) => member === '*' || !isToken(member))) return { kind: 'any' };
  return { kind: 'names', names: uniqueSorted(members) };
}
