// What kind of request this is for the cache: unsafe, passed through, or served by the cache (RFC 9111 §4, Fetch).
import { parseCacheControl } from './cache-control';
import { headerLines, headerValue } from './headers';
import { isUnsafeMethod } from './methods';
import { parseRange, type RangeSpec } from './range';
import type { RequestSnapshot } from './snapshot';

/** Why a request goes to the network untouched, neither read from nor written to the cache. */
export type BypassReason = 'no-store' | 'conditional' | 'range' | 'method';

export type RequestClass =
  /** Network, then invalidate on success (RFC 9111 §4.4). */
  | { kind: 'unsafe' }
  /** Network as is; nothing read, nothing stored. */
  | { kind: 'bypass'; reason: BypassReason }
  /**
   * A GET for one byte range (RFC 9110 §14.2): answered from a stored complete response or stored
   * partial content, else forwarded, its 206 stored as partial content (RFC 9111 §3.3). The flags
   * are those of `cacheable`.
   */
  | { kind: 'range'; range: RangeSpec; readStored: boolean; onlyIfCached: boolean }
  /**
   * The cache may answer. `readStored` false: go to the network, then store (mode `reload`).
   * `onlyIfCached`: never touch the network; with nothing usable stored, the caller answers 504
   * (request directive) or a network error (mode). Both flags can hold at once (`reload` with
   * `Cache-Control: only-if-cached`): nothing can satisfy that request.
   */
  | { kind: 'cacheable'; readStored: boolean; onlyIfCached: boolean };

// RFC 9110 §13.1: preconditions the caller set itself.
const conditionalFields = [
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
];

/** Sorts a request into unsafe, bypass or cacheable; see `RequestClass`. */
export function classifyRequest(request: RequestSnapshot): RequestClass {
  // RFC 9111 §4.4: an unsafe method goes to the origin, and a success invalidates.
  if (isUnsafeMethod(request.method)) return { kind: 'unsafe' };
  // RFC 9111 §3: we store GET only (HEAD is answered from GET); OPTIONS and TRACE pass through.
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return { kind: 'bypass', reason: 'method' };
  const directives = parseCacheControl(headerValue(request.headers, 'cache-control'));
  // Fetch: mode no-store bypasses the cache entirely.
  const noStoreMode = request.mode === 'no-store';
  // RFC 9111 §5.2.1.5: request no-store: neither read nor write.
  const noStoreDirective = directives.has('no-store');
  if (noStoreMode || noStoreDirective) return { kind: 'bypass', reason: 'no-store' };
  // Fetch (HTTP-network-or-cache fetch): the caller's own conditional request is passed through.
  const callerConditional = conditionalFields.some(
    (name) => headerLines(request.headers, name).length > 0,
  );
  if (callerConditional) return { kind: 'bypass', reason: 'conditional' };
  const flags = {
    // Fetch: mode reload does not read the cache, but stores the response.
    readStored: request.mode !== 'reload',
    // Fetch: mode only-if-cached; RFC 9111 §5.2.1.7: request directive only-if-cached.
    onlyIfCached: request.mode === 'only-if-cached' || directives.has('only-if-cached'),
  };
  const rangeLines = headerLines(request.headers, 'range');
  if (rangeLines.length === 0) return { kind: 'cacheable', ...flags };
  // RFC 9110 §14.2: Range is defined for GET only; several ranges, another unit, or an invalid
  // range pass through as they are.
  const range = rangeLines.length === 1 ? parseRange(rangeLines[0] as string) : null;
  if (request.method !== 'GET' || range === null) {
    return { kind: 'bypass', reason: 'range' };
  }
  return { kind: 'range', range, ...flags };
}
