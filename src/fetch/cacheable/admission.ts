// A network request whose response becomes an Outcome through ./admit (storability, the stored
// metadata, the body broadcast and the write), which loads with import() beside the first round
// trip and is kept: a page pays for it only once it fetches, and a hit never needs it. It is a
// chunk of its own (rollup.config.js): a miss loads it, not revalidation's (decision 0027).

import type { CacheableRequest, Engine } from '../context/engine';
import { lazyModule } from '../coordination/lazy-module';
import { fetchFromNetwork, type NetworkResult } from '../network/network';
import { linkedController } from '../response/abort';
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

/** A request sent before its lookup answered (sendAhead). */
export interface SentAhead {
  network: Promise<NetworkResult>;
  /** Something is stored after all: the request is stopped and its response never used. */
  cancel(): void;
}

/**
 * A first visit's request, sent at once when nothing can be stored yet (the origin's first page
 * load of the cache: StoreAccess.nothingStoredYet) rather than after the lookup, which waits for
 * IndexedDB to say so (Chromium, a new profile: ~35 ms; decision 0027, "Eighth pass"). Its
 * response answers if it comes before the lookup (./flow); else the lookup decides: on the miss
 * it is expected to be, this request is the miss's (fetchAndAdmit); if anything was stored after
 * all, it is cancelled and the stored response's rules apply.
 * Never for only-if-cached, nor for a request that reads nothing stored (it goes out at once).
 */
export function sendAhead(
  engine: Engine,
  cacheable: CacheableRequest,
  signal: AbortSignal,
): SentAhead | undefined {
  // Fetch: a request whose signal is already aborted never reaches the network (the flight's
  // signal, which follows the caller's, only hears of it a microtask later).
  if (
    !cacheable.readStored ||
    cacheable.onlyIfCached ||
    cacheable.request.signal.aborted ||
    !engine.storage.nothingStoredYet()
  )
    return undefined;
  // The miss's admission is loaded now too, beside this round trip rather than after the lookup.
  if (!admitChunk.loaded) admitChunk.load().catch(() => {});
  // Its own controller, following the flight's: cancelling it leaves the flight alone.
  const { controller, unlink } = linkedController(signal);
  const network = fetchFromNetwork(engine.options, cacheable, [], controller.signal);
  // Handled here as well: a failure waits for the lookup before anyone awaits it.
  network.catch(() => {});
  return {
    network,
    cancel() {
      unlink();
      controller.abort();
      // A response already in: its body is never read.
      network.then(({ response }) => response.body?.cancel().catch(() => {})).catch(() => {});
    },
  };
}

/**
 * Sends `cacheable.request` (or takes the one sent ahead) and admits its response. If the chunk cannot load (offline before it ever
 * did, a deploy removed it), the response passes through unstored and the failure is reported.
 */
export async function fetchAndAdmit(
  engine: Engine,
  cacheable: CacheableRequest,
  action: ForwardedAction,
  signal: AbortSignal,
  abort: () => void,
  ahead?: SentAhead,
): Promise<Outcome> {
  const loading = admitChunk.loaded
    ? undefined
    : admitChunk.load().catch((error: unknown) => ({ error }));
  const network = await (ahead?.network ?? fetchFromNetwork(engine.options, cacheable, [], signal));
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
