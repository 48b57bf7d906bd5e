// Which stored URIs an unsafe request invalidates (RFC 9111 §4.4).
import { withoutFragment } from './cache-key';
import { firstHeaderValue } from './headers';
import { isUnsafeMethod } from './methods';
import type { HeaderList, RequestSnapshot, StoredResponse } from './snapshot';

export { isUnsafeMethod } from './methods';

/**
 * The URIs (fragments stripped, each once) whose stored responses must be removed after this
 * response (RFC 9111 §4.4): none unless the method is unsafe and the status is not an error. An
 * opaque response (status 0) may have succeeded, so it invalidates too (its Location is unreadable).
 * Turn each into a key with `primaryKey`.
 */
export function invalidationTargets(
  request: RequestSnapshot,
  response: { status: number; headers: HeaderList },
): string[] {
  if (!invalidates(request, response)) return [];
  // RFC 9111 §4.4: the target URI.
  const targets = new Set([normalised(request.url) ?? withoutFragment(request.url)]);
  const origin = originOf(request.url);
  for (const field of ['location', 'content-location']) {
    const value = firstHeaderValue(response.headers, field);
    const target = value === null ? null : normalised(value.trim(), request.url);
    // RFC 9111 §4.4: Location and Content-Location only when same-origin (against request spoofing).
    if (target !== null && origin !== null && originOf(target) === origin) targets.add(target);
  }
  return [...targets];
}

/**
 * Whether this response invalidates anything at all (RFC 9111 §4.4): the method is unsafe and the
 * status is not an error.
 */
export function invalidates(request: RequestSnapshot, response: { status: number }): boolean {
  // RFC 9111 §4.4: only unsafe methods invalidate.
  if (!isUnsafeMethod(request.method)) return false;
  // RFC 9111 §4.4: only a non-error (2xx, 3xx) status code invalidates.
  const { status } = response;
  return (status >= 200 && status < 400) || status === 0;
}

/**
 * Whether an invalidated stored response is kept, marked, rather than removed (decision 0025):
 * only with a validator (RFC 9110 §8.8) can its next use cost a 304 instead of the body.
 */
export function keptWhenInvalidated(stored: StoredResponse): boolean {
  return stored.freshness.etag !== null || stored.freshness.lastModified !== null;
}

/** The stored response marked for a mandatory validation before any reuse (RFC 9111 §4.4). */
export function markedInvalidated(stored: StoredResponse): StoredResponse {
  return { ...stored, invalidated: true };
}

function normalised(url: string, base?: string): string | null {
  try {
    return withoutFragment(new URL(url, base).href);
  } catch {
    return null;
  }
}

/** The URL's origin (RFC 6454), or null when it has none to compare (opaque, unparsable). */
export function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
