// Fetch's request options that change what a caller may receive (`mode`, `integrity`, `redirect`,
// `credentials`): which requests the cache passes to fetch untouched, and which callers may share
// one piece of work (docs/decisions/0020-request-options-on-every-path.md).
import { isCrossOrigin } from './cross-origin';

/**
 * Whether fetch must answer `request` itself, the cache neither reading nor storing:
 * - mode `no-cors`: fetch gives an opaque response for another origin, which is never stored, and
 *   a readable stored response must never answer it;
 * - mode `same-origin` for another origin: fetch rejects it before any network;
 * - `integrity` where Web Crypto is missing (an insecure context): only fetch can check it; and
 *   on a Range request (the cache's 206 would be checked against the whole body's digest);
 * - a Range request in redirect mode `manual` or `error` (stored parts may have been reached
 *   through a redirect, and are not sorted by it).
 */
export function passedToFetch(request: Request, rangeRequest: boolean): boolean {
  const { mode, integrity, redirect } = request;
  if (mode === 'no-cors') return true;
  if (mode === 'same-origin' && isCrossOrigin(request.url)) return true;
  if (integrity && (rangeRequest || !globalThis.crypto?.subtle)) return true;
  return rangeRequest && redirect !== undefined && redirect !== 'follow';
}

/**
 * The options two callers must share for one to be given the other's result: a caller with
 * `integrity` is checked against its own metadata, and `redirect`, `mode` and `credentials`
 * change what the network gives.
 */
export function sharingOptions(request: Request): string[] {
  return [request.mode, request.credentials, request.redirect, request.integrity];
}
