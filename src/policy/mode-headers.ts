// The request header fields a cache mode puts on the wire (Fetch, "HTTP-network-or-cache fetch").
import { headerLines } from './headers';
import type { HeaderList } from './snapshot';

/**
 * What a browser adds to a request for its `cache` mode, and so what an origin or a proxy between
 * it and the page expects to see: `no-cache` asks for validation with `Cache-Control: max-age=0`;
 * `reload` and `no-store` ask every cache on the way to step aside with `Cache-Control: no-cache`
 * and `Pragma: no-cache`. Fields the caller set are never replaced. Empty for the other modes.
 */
export function modeRequestHeaders(mode: RequestCache, headers: HeaderList): HeaderList {
  const added: HeaderList = [];
  const hasCacheControl = headerLines(headers, 'cache-control').length > 0;
  // Fetch: mode no-cache without a Cache-Control of the caller's appends `max-age=0`.
  if (mode === 'no-cache' && !hasCacheControl) added.push(['cache-control', 'max-age=0']);
  if (mode === 'reload' || mode === 'no-store') {
    // Fetch: modes no-store and reload append `Pragma: no-cache` and `Cache-Control: no-cache`.
    if (headerLines(headers, 'pragma').length === 0) added.push(['pragma', 'no-cache']);
    if (!hasCacheControl) added.push(['cache-control', 'no-cache']);
  }
  return added;
}
