// Building the StoredResponse that is written when a response is stored (RFC 9111 §3.1, §4.1, §4.2).
import { cacheGroups } from './cache-groups';
import { describeFreshness } from './freshness';
import type { HeaderList, RequestSnapshot, ResponseSnapshot, StoredResponse } from './snapshot';
import { storedHeaders } from './stored-headers';
import { varyRule } from './vary';

/**
 * The StoredResponse for a response being stored: hop-by-hop fields dropped, freshness parsed,
 * Vary rule taken. `request` is the caller's request (without any validators we added), `url`
 * and `redirected` those of the Response (restored on a hit), `varyReadable` false when the
 * response's Vary may be hidden from us (cross-origin, not exposed). Check `storability` first;
 * its secondary key is `secondaryKey(result.vary, request.headers)`.
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
    ...withGroups(head.headers),
  };
}

/** RFC 9875 §2: the groups of a stored response, from the header fields it keeps. */
export function withGroups(headers: HeaderList): { groups?: string[] } {
  const groups = cacheGroups(headers);
  return groups.length > 0 ? { groups } : {};
}
