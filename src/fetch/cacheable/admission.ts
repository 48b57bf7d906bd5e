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
  /** Its network result; undefined if it was not sent after all (not a first visit). */
  network: Promise<NetworkResult | undefined>;
  /** Something is stored after all: the request is stopped and its response never used. */
  cancel(): void;
}

/**
 * A first visit's request, sent as soon as the cache knows nothing can be stored yet (the origin's
 * first page load of the cache: StoreAccess.firstVisit, a microtask after the instance was created)
 * rather than after the lookup, which waits for IndexedDB to say so (Chromium, a new profile:
 * ~35 ms; decision 0027, "Eighth pass"). Its response answers if it comes before the lookup
 * (./flow); else the lookup decides: on the miss it is expected to be, this request is the
 * miss's (fetchAndAdmit); if anything was stored after all, it is cancelled and the stored
 * response's rules apply. Never for only-if-cached, nor for a request that reads nothing stored
 * (it goes out at once).
 */
export function sendAhead(
  engine: Engine,
  cacheable: CacheableRequest,
  signal: AbortSignal,
): SentAhead | undefined {
  const firstVisit = cacheable.readStored && !cacheable.onlyIfCached && engine.storage.firstVisit();
  if (!firstVisit) return undefined;
  // Its own controller, following the flight's (cancelling it leaves the flight alone), made only
  // once it is known to be sent: a reload's requests pay for none of it.
  let linked: ReturnType<typeof linkedController> | undefined;
  let cancelled = false;
  const network = firstVisit.then((first) => {
    // Fetch: an aborted request never reaches the network (nor one cancelled meanwhile).
    if (!first || cancelled || signal.aborted) return undefined;
    // The miss's admission is loaded now too, beside this round trip rather than after the lookup.
    if (!admitChunk.loaded) admitChunk.load().catch(() => {});
    linked = linkedController(signal);
    return fetchFromNetwork(engine.options, cacheable, [], linked.controller.signal);
  });
  // Handled here as well: a failure waits for the lookup before anyone awaits it.
  network.catch(() => {});
  return {
    network,
    cancel() {
      cancelled = true;
      if (!linked) return;
      linked.unlink();
      linked.controller.abort();
      // A response already in: its body is never read.
      network.then((sent) => sent?.response.body?.cancel().catch(() => {})).catch(() => {});
    },
  };
}

/**
 * Sends `cacheable.request` (or takes the one sent ahead) and admits its response. If the chunk
 * cannot load (offline before it ever did, a deploy removed it), the response passes through
 * unstored and the failure is reported.
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
  const network =
    (await ahead?.network) ?? (await fetchFromNetwork(engine.options, cacheable, [], signal));
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
