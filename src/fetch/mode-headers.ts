// The caller's cache mode on the wire: the header fields a browser would add (Fetch), where free.
import { modeRequestHeaders } from '../policy/mode-headers';
import type { RequestSnapshot } from '../policy/snapshot';
import { isCrossOrigin, needsPreflightAnyway } from './cross-origin';
import { copyHeaders } from './snapshots';

/**
 * The request to send for this caller: with the `Cache-Control` / `Pragma` its mode asks for
 * (policy's `modeRequestHeaders`), or the request itself when there is nothing to add. Cross-origin
 * they are added only when the request needs a CORS preflight anyway: set by script, they are not
 * safelisted and would add one (pitfall 2); the browser's own no-store then stands in for them.
 */
export function withModeHeaders(request: Request, snapshot: RequestSnapshot): Request {
  const added = modeRequestHeaders(snapshot.mode, snapshot.headers);
  if (added.length === 0) return request;
  if (isCrossOrigin(snapshot.url) && !needsPreflightAnyway(snapshot.headers)) return request;
  const headers = copyHeaders(request.headers);
  for (const [name, value] of added) headers.set(name, value);
  return new Request(request, { headers });
}
