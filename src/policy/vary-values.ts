// What a stored secondary key says, for display (`cache.entries()`, ../fetch/stored-entries): apart
// from ./vary, whose matching every request runs, so that a page's first request does not load it.
import { neverMatches } from './vary';

/**
 * The request header values a secondary key holds, for display: `[name, value]` pairs (null when
 * the request did not send that header); none for `Vary: *` (such responses are not stored).
 */
export function varyValues(key: string): Array<[name: string, value: string | null]> {
  if (key === neverMatches) return [];
  return JSON.parse(key) as Array<[string, string | null]>;
}
