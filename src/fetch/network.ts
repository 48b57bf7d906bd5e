// The only place the front calls the network for the cache's own requests.
import type { HeaderList, ResponseSnapshot } from '../policy/snapshot';
import type { ResolvedOptions } from './options';
import { copyHeaders, headerList } from './snapshots';

export interface NetworkResult {
  response: Response;
  snapshot: ResponseSnapshot;
}

/**
 * Sends the caller's request with `extraHeaders` (validators) set, under `signal`.
 * `cache: 'no-store'` keeps the browser's own HTTP cache from answering our requests or keeping a
 * second copy: we are the cache (docs/decisions/0002-inner-fetch-cache-mode.md).
 */
export async function fetchFromNetwork(
  options: ResolvedOptions,
  request: Request,
  extraHeaders: HeaderList,
  signal: AbortSignal,
): Promise<NetworkResult> {
  let headers: Headers | undefined;
  if (extraHeaders.length > 0) {
    headers = copyHeaders(request.headers);
    for (const [name, value] of extraHeaders) headers.set(name, value);
  }
  const outgoing = new Request(request, {
    cache: 'no-store',
    signal,
    ...(headers ? { headers } : {}),
  });
  const requestTime = options.now();
  const response = await options.fetch(outgoing);
  const responseTime = options.now();
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

/** Content-Length when it describes the bytes we will read (no content coding), else undefined. */
export function expectedBodyLength(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const length = headers.get('content-length');
  if (length === null || !/^\d+$/.test(length.trim())) return undefined;
  return Number(length.trim());
}
