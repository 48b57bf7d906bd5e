// HTTP Cache Groups (RFC 9875): the groups a stored response belongs to, and the groups a response
// to an unsafe request invalidates.
import { headerValue } from './headers';
import { invalidates, originOf } from './invalidation';
import type { HeaderList, RequestSnapshot } from './snapshot';
import { parseStringList } from './structured-list';

/**
 * The groups named by `Cache-Groups` (RFC 9875 §2: a List of Strings, compared character by
 * character), each once, in order; members that are not Strings are ignored, and so is a field
 * that does not parse (RFC 9651 §4.2). Empty when none.
 */
export function cacheGroups(headers: HeaderList): string[] {
  return groupsIn(headerValue(headers, 'cache-groups'));
}

/**
 * The groups whose stored responses of the request's origin this response invalidates (RFC 9875
 * §3): `Cache-Group-Invalidation` is ignored on a response to a safe method, and, as RFC 9111
 * §4.4 has it for the target URI, on an error status (an opaque status 0 may have succeeded).
 */
export function groupInvalidation(
  request: RequestSnapshot,
  response: { status: number; headers: HeaderList },
): string[] {
  return !invalidates(request, response)
    ? []
    : groupsIn(headerValue(response.headers, 'cache-group-invalidation'));
}

/** RFC 9875 §2: the groups of a stored response, from the header fields it keeps. */
export function withGroups(headers: HeaderList): { groups?: string[] } {
  const groups = cacheGroups(headers);
  return groups.length > 0 ? { groups } : {};
}

function groupsIn(value: string | null): string[] {
  return [...new Set(parseStringList(value) ?? [])];
}

/**
 * Whether two responses share their groups' scope (RFC 9875 §2.1: the same origin, RFC 9110
 * §4.3.1). False when either URL has no origin to compare (opaque, unparsable).
 */
export function sameGroupScope(url: string, other: string): boolean {
  const a = originOf(url);
  return a !== null && a === originOf(other);
}
