// Updating stored responses from a 304 or a HEAD response (RFC 9111 §4.3.4, §4.3.5, §3.2).
import { withGroups } from './cache-groups';
import { describeFreshness } from './freshness';
import { headerValue, parseHttpDate } from './headers';
import { mostRecent } from './recency';
import type { HeaderList, RequestSnapshot, ResponseSnapshot, StoredResponse } from './snapshot';
import { unstoredNames } from './stored-headers';
import { parseEntityTag, strongMatch, weakMatch } from './validators';

/**
 * The stored responses a 304 freshens (RFC 9111 §4.3.4), from the variants stored for the URL.
 * Empty when the 304 identifies none: the caller must then not use it to answer. `revalidated`
 * is the response whose validators the conditional request carried, when the caller knows it.
 */
export function selectForFreshening<T extends { response: StoredResponse }>(
  storedVariants: readonly T[],
  notModified: ResponseSnapshot,
  revalidated?: T,
): T[] {
  // Stored partial content is never served for a request without Range (RFC 9110 §14.2): a 304 to
  // a revalidation of the complete response is not about it.
  const variants = storedVariants.filter((variant) => variant.response.partial === undefined);
  const etagValue = headerValue(notModified.headers, 'etag');
  const tag = parseEntityTag(etagValue);
  // RFC 9111 §4.3.4: a strong validator selects every stored response with that strong validator.
  if (tag !== null && !tag.weak) {
    return variants.filter((v) => strongMatch(parseEntityTag(v.response.freshness.etag), tag));
  }
  // RFC 9111 §4.3.4: a weak validator selects the most recent stored response matching it.
  if (tag !== null) {
    return atMostOne(
      mostRecent(variants.filter((v) => weakMatch(parseEntityTag(v.response.freshness.etag), tag))),
    );
  }
  // An ETag we cannot read identifies nothing.
  if (etagValue !== null) return [];
  // RFC 9110 §8.8.2.2: Last-Modified is a (weak) validator too: the most recent one it matches.
  const lastModified = headerValue(notModified.headers, 'last-modified');
  const lastModifiedMs = parseHttpDate(lastModified, notModified.responseTime);
  if (lastModifiedMs !== null) {
    const matches = variants.filter(
      (v) =>
        parseHttpDate(v.response.freshness.lastModified, v.response.responseTime) ===
        lastModifiedMs,
    );
    return atMostOne(mostRecent(matches));
  }
  // A Last-Modified we cannot read identifies nothing.
  if (lastModified !== null) return [];
  // Deviation: a 304 carrying no validator at all answers the conditional request that was sent,
  // i.e. the validators of `revalidated`. RFC 9110 §15.4.5 says the server must repeat its ETag,
  // but many omit it, and selecting nothing would revalidate forever (docs/pitfalls.md #1).
  if (revalidated !== undefined) return [revalidated];
  // RFC 9111 §4.3.4: a 304 without validators, and only one stored response without one, is
  // about that response. Deviation: we also accept a stored Last-Modified (no ETag). A 304 need
  // not repeat Last-Modified (RFC 9110 §15.4.5), and cross-origin it may be unreadable; with one
  // stored response and no ETag, our If-Modified-Since could only have come from that response.
  const only = variants.length === 1 ? variants[0] : undefined;
  return only !== undefined && only.response.freshness.etag === null ? [only] : [];
}

function atMostOne<T>(item: T | undefined): T[] {
  return item === undefined ? [] : [item];
}

// RFC 9111 §3.2: fields that describe the stored body as received: updating them from a 304
// would contradict the bytes we keep (Content-Length is excepted by §3.2 itself).
const bodyDescribingFields = ['content-length', 'content-encoding', 'content-range'];

/**
 * The stored response updated by a 304 or a matching HEAD response (RFC 9111 §4.3.4, §3.2):
 * every field of the update replaces the stored field of that name, except the fields never
 * stored (hop-by-hop, Set-Cookie: ./stored-headers) and the fields that describe the stored
 * body; request and response times are the update's; freshness is recomputed. Status, URL, redirect flag and Vary rule stay the stored ones.
 */
export function freshenedResponse(
  stored: StoredResponse,
  update: ResponseSnapshot,
): StoredResponse {
  const excluded = unstoredNames(update.headers);
  for (const name of bodyDescribingFields) excluded.add(name);
  const incoming = update.headers.filter(([name]) => !excluded.has(name.toLowerCase()));
  const replaced = new Set(incoming.map(([name]) => name.toLowerCase()));
  // RFC 9111 §4.2.3: Age and Date belong to the message that carried them. Without new ones,
  // the old ones would age the freshened response from its first arrival (RFC 9110 §6.6.1: no
  // Date means "received now").
  replaced.add('age');
  replaced.add('date');
  const headers = mergeHeaders(stored.headers, incoming, replaced);
  const freshened: ResponseSnapshot = {
    status: stored.status,
    headers,
    requestTime: update.requestTime,
    responseTime: update.responseTime,
  };
  // A validation clears an invalidation (decision 0025); the groups are those of the merged
  // fields: kept unless the update names others (RFC 9875 §2, RFC 9111 §4.3.4).
  const { invalidated: _validated, groups: _previous, ...kept } = stored;
  return {
    ...kept,
    ...freshened,
    freshness: describeFreshness(freshened, stored.redirected),
    ...withGroups(headers),
  };
}

// Each replaced field takes the place of its first stored line; fields new to the stored
// response follow, in the order the update sent them.
function mergeHeaders(stored: HeaderList, incoming: HeaderList, replaced: Set<string>): HeaderList {
  const merged: HeaderList = [];
  const placed = new Set<string>();
  for (const [name, value] of stored) {
    const lower = name.toLowerCase();
    if (!replaced.has(lower)) {
      merged.push([name, value]);
    } else if (!placed.has(lower)) {
      placed.add(lower);
      for (const line of incoming)
        if (line[0].toLowerCase() === lower) merged.push([line[0], line[1]]);
    }
  }
  for (const [name, value] of incoming) {
    if (!placed.has(name.toLowerCase())) merged.push([name, value]);
  }
  return merged;
}

/**
 * What a 200 response to a HEAD request does to the stored GET responses that could have been
 * chosen for it (pass the variants `matchingVariants` gives for the HEAD request) (RFC 9111
 * §4.3.5): those whose validators match every validator the HEAD response carries, and whose
 * Content-Length matches when it sent one, are freshened (`freshenedResponse`); the others are to
 * be considered stale. A HEAD response without validators confirms nothing. Other statuses
 * change nothing.
 */
export function headUpdate<T extends { response: StoredResponse }>(
  variants: readonly T[],
  headResponse: ResponseSnapshot,
): { freshen: T[]; invalidate: T[] } {
  const freshen: T[] = [];
  const invalidate: T[] = [];
  // RFC 9111 §4.3.5: only a 200 to a HEAD request updates or invalidates.
  if (headResponse.status !== 200) return { freshen, invalidate };
  for (const variant of variants) {
    (headMatches(variant.response, headResponse) ? freshen : invalidate).push(variant);
  }
  return { freshen, invalidate };
}

function headMatches(stored: StoredResponse, head: ResponseSnapshot): boolean {
  const etag = headerValue(head.headers, 'etag')?.trim() ?? null;
  const lastModified = headerValue(head.headers, 'last-modified');
  const contentLength = headerValue(head.headers, 'content-length');
  // RFC 9111 §4.3.5: matching values for the validators received; none received, nothing matches.
  if (etag === null && lastModified === null) return false;
  const etagMatches = etag === null || etag === stored.freshness.etag;
  const lastModifiedMs = parseHttpDate(lastModified, head.responseTime);
  const storedLastModifiedMs = parseHttpDate(stored.freshness.lastModified, stored.responseTime);
  const lastModifiedMatches =
    lastModified === null || (lastModifiedMs !== null && lastModifiedMs === storedLastModifiedMs);
  // RFC 9111 §4.3.5: and the same Content-Length, when the HEAD response has one.
  const lengthMatches =
    contentLength === null ||
    contentLength.trim() === headerValue(stored.headers, 'content-length')?.trim();
  return etagMatches && lastModifiedMatches && lengthMatches;
}

/**
 * `stored`, marked as fetched (or validated, a 304) with `request`'s credentials (decision 0018):
 * a freshened response answers later the credentials of the request that validated it.
 */
export function withCredentialsOf(
  stored: StoredResponse,
  request: RequestSnapshot,
): StoredResponse {
  const { credentials: _previous, ...rest } = stored;
  return request.credentials ? { ...rest, credentials: request.credentials } : rest;
}
