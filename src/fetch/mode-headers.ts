// The caller's cache mode on the wire: the header fields a browser would add (Fetch), where free.
import { modeRequestHeaders } from '../policy/mode-headers';
import type { HeaderList, RequestSnapshot } from '../policy/snapshot';
import { isCrossOrigin } from './cross-origin';
import { copyHeaders } from './snapshots';

/** What {@link withModeHeaders} adds: none cross-origin. */
export function modeHeadersOnWire(snapshot: RequestSnapshot): HeaderList {
  const added = modeRequestHeaders(snapshot.mode, snapshot.headers);
  return added.length === 0 || isCrossOrigin(snapshot.url) ? [] : added;
}

/**
 * The request to send for this caller: with the `Cache-Control` / `Pragma` its mode asks for
 * (policy's `modeRequestHeaders`), or the request itself when there is nothing to add.
 * Same-origin only (pitfall 2): set by script they are not CORS-safelisted, so cross-origin they
 * would add a preflight, and even where one is paid anyway a server whose
 * `Access-Control-Allow-Headers` does not list them would refuse the request. There the engine's
 * own no-store headers stand in for them (decision 0013).
 */
export function withModeHeaders(request: Request, snapshot: RequestSnapshot): Request {
  const added = modeHeadersOnWire(snapshot);
  if (added.length === 0) return request;
  const headers = copyHeaders(request.headers);
  for (const [name, value] of added) headers.set(name, value);
  return new Request(request, { headers });
}
