// A network request whose response becomes an Outcome through ./admit (storability, the stored
// metadata, the body broadcast and the write), which loads with import() beside the first round
// trip and is kept: a page pays for it only once it fetches, and a hit never needs it. It is a
// chunk of its own (rollup.config.js): a miss loads it, not revalidation's (decision 0027). A
// first visit's request, sent ahead of its lookup, does not wait for it: it is answered as it
// comes and admitted from its whole body once the page had its data (answerAhead).

import type { CacheableRequest, Engine } from '../context/engine';
import { afterIdle, lazyModule } from '../coordination/lazy-module';
import { fetchFromNetwork, type NetworkResult } from '../network/network';
import { linkedController } from '../response/abort';
import type { ForwardedAction } from '../response/cache-action';
import { type BodyCopy, keptCopy } from '../response/kept-copy';
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
  const firstVisit =
    cacheable.readStored && !cacheable.onlyIfCached && engine.storage.firstVisit(cacheable.key);
  if (!firstVisit) return undefined;
  // Its own controller, following the flight's (cancelling it leaves the flight alone), made only
  // once it is known to be sent: a reload's requests pay for none of it.
  let linked: ReturnType<typeof linkedController> | undefined;
  let cancelled = false;
  const network = firstVisit.then((first) => {
    // Fetch: an aborted request never reaches the network (nor one cancelled meanwhile).
    if (!first || cancelled || signal.aborted) return undefined;
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
  const sent = await ahead?.network;
  if (sent && !admitChunk.loaded) return answerAhead(engine, cacheable, sent, action, abort);
  const loading = admitChunk.loaded
    ? undefined
    : admitChunk.load().catch((error: unknown) => ({ error }));
  const network = sent ?? (await fetchFromNetwork(engine.options, cacheable, [], signal));
  const loaded = admitChunk.loaded ?? (await loading!);
  if ('admit' in loaded) return loaded.admit(engine, cacheable, network, action, abort);
  reportAdmitFailure(engine, cacheable, loaded.error);
  const { response } = network;
  return {
    kind: 'direct',
    response,
    action: { ...action, fwdStatus: response.status },
    taken: false,
  };
}

/**
 * A first visit's response, answered as it comes rather than after admission's code has loaded
 * (4.4 KB that a first visit's data waited for; decision 0027, "Eleventh pass"). Its one caller
 * gets the body as it arrives, a copy is kept beside it (../response/kept-copy), and once the
 * body is whole the chunk loads, after the page has had its data, and stores it if RFC 9111 §3
 * allows. A caller that joined gets the copy once whole (../response/outcome, fromKeptCopy):
 * one request at the origin, as a shared response gives. Its Cache-Status has no `stored` (RFC
 * 9211 §2.6 makes it optional): whether it will be is decided later.
 */
function answerAhead(
  engine: Engine,
  cacheable: CacheableRequest,
  network: NetworkResult,
  action: ForwardedAction,
  abort: () => void,
): Outcome {
  const { response } = network;
  let writing: Promise<void> | undefined;
  let ended!: (copy: BodyCopy | null) => void;
  const whole = new Promise<BodyCopy | null>((resolve) => (ended = resolve));
  // `cache.settled()` waits for the body and its write from now.
  engine.background.track(whole.then(() => writing));
  const onEnd = (copy: BodyCopy | null) => {
    writing = admitLater(engine, cacheable, network, action, copy);
    // Told before the caller sees the end: its next lookup of the key waits for this write.
    engine.storage.writing(cacheable.key, writing);
    ended(copy);
  };
  const { body } = response;
  const kept = body && keptCopy(body, engine.options.maxEntryBytes, onEnd, abort);
  if (!body) onEnd([]);
  const answered = { ...action, fwdStatus: response.status };
  return { kind: 'direct', response, action: answered, taken: false, body: kept, whole };
}

/**
 * Admits a first visit's response (answerAhead) once the page had its data: stored from its whole
 * body (`copy`; null when there is none: too large, failed, cancelled). Never rejects.
 */
async function admitLater(
  engine: Engine,
  cacheable: CacheableRequest,
  network: NetworkResult,
  action: ForwardedAction,
  copy: BodyCopy | null,
): Promise<void> {
  // The page reads and shows its data in the tasks that follow the body's end.
  await afterIdle(100);
  try {
    const loaded = await admitChunk.load();
    await loaded.storeWhole(engine, cacheable, network, action, copy);
  } catch (error) {
    reportAdmitFailure(engine, cacheable, error);
  }
}

function reportAdmitFailure(engine: Engine, cacheable: CacheableRequest, error: unknown): void {
  engine.events.emit('error', { error, operation: 'admit', url: cacheable.request.url });
}
