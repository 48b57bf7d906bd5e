// Which stored URIs an unsafe request invalidates (RFC 9111 §4.4).
import { withoutFragment } from './cache-key';
import { firstHeaderValue } from './headers';
import { isUnsafeMethod } from './methods';
import type { HeaderList, RequestSnapshot } from './snapshot';

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
  // RFC 9111 §4.4: only unsafe methods invalidate.
  if (!isUnsafeMethod(request.method)) return [];
  // RFC 9111 §4.4: only a non-error (2xx, 3xx) status code invalidates.
  const { status } = response;
  const nonError = (status >= 200 && status < 400) || status === 0;
  if (!nonError) return [];
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

function normalised(url: string, base?: string): string | null {
  try {
    return withoutFragment(new URL(url, base).href);
  } catch {
    return null;
  }
}

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
