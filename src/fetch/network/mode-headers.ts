// The caller's cache mode on the wire: the header fields a browser would add (Fetch), where free.
import { modeRequestHeaders } from '../../policy/mode-headers';
import type { HeaderList, RequestSnapshot } from '../../policy/snapshot';
import { isCrossOrigin } from './cross-origin';
import { copyHeaders } from './snapshots';

/**
 * The request to send for this caller: with the `Cache-Control` / `Pragma` its mode asks for
 * (policy's `modeRequestHeaders`) and `extraHeaders` (validators) set, and `init` applied; the
 * request itself when there is nothing to change.
 * Same-origin only (docs/pitfalls.md #2): set by script they are not CORS-safelisted, so cross-origin they
 * would add a preflight, and even where one is paid anyway a server whose
 * `Access-Control-Allow-Headers` does not list them would refuse the request. There the engine's
 * own no-store headers stand in for them (decision 0013).
 */
export function withModeHeaders(
  request: Request,
  snapshot: RequestSnapshot,
  extraHeaders: HeaderList = [],
  init?: RequestInit,
): Request {
  const modeHeaders = modeRequestHeaders(snapshot.mode, snapshot.headers);
  const added =
    modeHeaders.length === 0 || isCrossOrigin(snapshot.url)
      ? extraHeaders
      : [...modeHeaders, ...extraHeaders];
  if (added.length === 0) return init ? new Request(request, init) : request;
  const headers = copyHeaders(request.headers);
  for (const [name, value] of added) headers.set(name, value);
  return new Request(request, { ...init, headers });
}
