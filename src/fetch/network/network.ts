// The only place the front calls the network for the cache's own requests.
import type { HeaderList, RequestSnapshot, ResponseSnapshot } from '../../policy/snapshot';
import type { ResolvedOptions } from '../context/options';
import { withModeHeaders } from './mode-headers';
import { headerList } from './snapshots';

export interface NetworkResult {
  response: Response;
  snapshot: ResponseSnapshot;
}

/**
 * Sends the caller's request with the header fields its cache mode puts on the wire
 * (./mode-headers) and `extraHeaders` (validators) set, under `signal`. Built here, once, and only
 * when the request goes out: a hit never pays for a second Request.
 * `cache: 'no-store'` keeps the browser's own HTTP cache from answering our requests or keeping a
 * second copy: we are the cache (docs/decisions/0002-inner-fetch-cache-mode.md).
 */
export async function fetchFromNetwork(
  options: ResolvedOptions,
  { request, snapshot }: { request: Request; snapshot: RequestSnapshot },
  extraHeaders: HeaderList,
  signal: AbortSignal,
): Promise<NetworkResult> {
  // Integrity is checked where the response is served (../route), on every path:
  // sent, it would fail every 304 (an empty body matches no digest).
  const init: RequestInit = request.integrity
    ? { cache: 'no-store', signal, integrity: '' }
    : { cache: 'no-store', signal };
  const outgoing = withModeHeaders(request, snapshot, extraHeaders, init);
  const requestTime = options.now();
  const response = await options.fetch(outgoing);
  return networkResult(response, requestTime, options.now());
}

/**
 * A response as it arrived: with its head's snapshot and when it was asked for and came (RFC 9111
 * §4.2.3's request_time and response_time), for any request the cache sent or passed along.
 */
export function networkResult(
  response: Response,
  requestTime: number,
  responseTime: number,
): NetworkResult {
  return {
    response,
    snapshot: {
      status: response.status,
      headers: headerList(response.headers),
      requestTime,
      responseTime,
    },
  };
}
