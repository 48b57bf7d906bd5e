// No-Vary-Search (decision 0025): the field that finds the entries a request URL may be equivalent
// to. Stores index it; the front sets it when it stores, the IndexedDB upgrade to version 8 on the
// entries it finds, both from here, so that they always agree.
import type { HeaderList } from '../policy/snapshot';

/**
 * The `searchBase` of a response stored for `url`: the URL without its query and fragment, set
 * only on a complete response that carries a `No-Vary-Search` field (undefined otherwise). Whether
 * the field parses, and what it lets match, is decided when a lookup reads it: set here, it only
 * makes the entry a candidate.
 */
export function searchBaseOf(
  url: string,
  response: { headers: HeaderList; partial?: unknown },
): string | undefined {
  if (response.partial || !response.headers.some(([name]) => name === 'no-vary-search')) return;
  return urlBase(url);
}

/** `url` without its query and fragment: what `searchBase` holds for it. */
export function urlBase(url: string): string {
  return url.replace(/[?#].*/s, '');
}
