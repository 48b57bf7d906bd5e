// The request header fields a cache mode puts on the wire (Fetch, "HTTP-network-or-cache fetch").
import { headerLines } from './headers';
import type { HeaderList } from './snapshot';

/**
 * What a browser adds to a request for its `cache` mode, and so what an origin or a proxy between
 * it and the page expects to see: `no-cache` asks for validation with `Cache-Control: max-age=0`;
 * `reload` and `no-store` ask every cache on the way to step aside with `Cache-Control: no-cache`
 * and `Pragma: no-cache`; the other modes get `Cache-Control: max-stale=0` (see below). Fields the
 * caller set are never replaced.
 */
export function modeRequestHeaders(mode: RequestCache, headers: HeaderList): HeaderList {
  const added: HeaderList = [];
  const hasCacheControl = headerLines(headers, 'cache-control').length > 0;
  // Fetch: mode no-cache without a Cache-Control of the caller's appends `max-age=0`.
  if (mode === 'no-cache' && !hasCacheControl) added.push(['cache-control', 'max-age=0']);
  // The modes that let shared caches answer (default, force-cache, only-if-cached): our own
  // requests still go out with `cache: 'no-store'` (decision 0002), for which every engine adds
  // `Cache-Control: no-cache`, and a CDN or proxy on the way would step aside. An explicit one of
  // ours is left alone (decision 0013: measured in Chromium, Firefox, WebKit and undici), and
  // `max-stale=0` asks nothing a cache does not do anyway (RFC 9111 §5.2.1.2: no stale response).
  if (sharedCachesMayAnswer(mode) && !hasCacheControl) added.push(['cache-control', 'max-stale=0']);
  if (mode === 'reload' || mode === 'no-store') {
    // Fetch: modes no-store and reload append `Pragma: no-cache` and `Cache-Control: no-cache`.
    if (headerLines(headers, 'pragma').length === 0) added.push(['pragma', 'no-cache']);
    if (!hasCacheControl) added.push(['cache-control', 'no-cache']);
  }
  return added;
}

function sharedCachesMayAnswer(mode: RequestCache): boolean {
  return mode === 'default' || mode === 'force-cache' || mode === 'only-if-cached';
}
