// A network request whose response becomes an Outcome through ./admit (storability, the stored
// metadata, the body broadcast and the write), which loads with import() beside the first round
// trip and is kept: a page pays for it only once it fetches, and a hit never needs it. It is a
// chunk of its own (rollup.config.js): a miss loads it, not revalidation's (decision 0027).

import type { CacheableRequest, Engine } from '../context/engine';
import { lazyModule } from '../coordination/lazy-module';
import { fetchFromNetwork } from '../network/network';
import type { ForwardedAction } from '../response/cache-action';
import type { Outcome } from '../response/outcome';

/**
 * The revalidate chunk's part for requests: admission, revalidation, what follows an unsafe
 * request. Fetched beside a page's first request and kept: a page pays for it only once it has
 * made a request, and nothing waits for it once loaded.
 */
export const networkChunk = lazyModule(() => import('./network-chunk'));

/** Admission alone (the `admit` chunk): what a miss needs, without revalidation's code. */
const admitChunk = lazyModule(() => import('./admit'));

/**
 * Sends `cacheable.request` and admits its response. If the chunk cannot load (offline before it ever
 * did, a deploy removed it), the response passes through unstored and the failure is reported.
 */
export async function fetchAndAdmit(
  engine: Engine,
  cacheable: CacheableRequest,
  action: ForwardedAction,
  signal: AbortSignal,
  abort: () => void,
): Promise<Outcome> {
  const loading = admitChunk.loaded
    ? undefined
    : admitChunk.load().catch((error: unknown) => ({ error }));
  const network = await fetchFromNetwork(engine.options, cacheable, [], signal);
  const loaded = admitChunk.loaded ?? (await loading!);
  if ('admit' in loaded) return loaded.admit(engine, cacheable, network, action, abort);
  engine.events.emit('error', {
    error: loaded.error,
    operation: 'admit',
    url: cacheable.request.url,
  });
  const { response } = network;
  return {
    kind: 'direct',
    response,
    action: { ...action, fwdStatus: response.status },
    taken: false,
  };
}
