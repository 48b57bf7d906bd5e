// The cacheable GET and HEAD, top to bottom: every request that may be answered from storage goes
// through resolveCacheable below (unsafe methods and bypassed requests never come here). A Range
// request walks the same spine in ../range/request (its map is there): the same read
// (./read-stored), the same 304 (../revalidation/freshen-stored), the same writes (./store-entry)
// and the same Outcome; only choosing bytes and combining parts are its own. What the cache did
// is one CacheAction (../response/cache-action), from which the Cache-Status member (formatted
// only in ../response/outcome), the event and the inspector's counts are derived.
//
//   on the origin's first page load, the request is sent ahead (./admission, sendAhead); if its
//   response comes before the lookup, it answers, as it comes (answerAhead) ──────────── miss
//   read the variants of the primary key (and, in the same read, the body that may be served)
//   │
//   ├─ nothing usable stored (§4.1) ─┬─ only-if-cached ──────────────── 504, or fetch's TypeError
//   │                                └─ else: network, store if §3 allows ─────────────── miss
//   ├─ fresh (§4.2) ────────────────────────────────── serve the stored response ─────── hit
//   ├─ stale, allowed (§4.2.4: max-stale, force-cache, only-if-cached) ─── serve it ──── hit
//   ├─ stale-while-revalidate (RFC 5861 §3) ── serve it, revalidate in the background ── hit
//   ├─ must be validated (§4.3) ── one at a time per key across tabs (Web Locks); if another
//   │   tab just did, what it stored may be fresh now ──────────────────────────────── hit
//   │   else a conditional request (../revalidation/revalidate, loaded lazily):
//   │   ├─ 304 (§4.3.4) ── freshen the stored response(s), serve it ────────── not-modified
//   │   │    (merged fields say no-store or Vary: *: served once, the URL's entries removed)
//   │   ├─ 200 or any other status (§4.3.3) ── the new response, stored if allowed ── replaced
//   │   │    (one that refuses what is stored, ./forget-refused: the URL's entries removed)
//   │   └─ network error, 5xx, no head within networkTimeout ─┬─ stale-if-error (RFC 5861 §4),
//   │        `offline`, networkTimeout (../revalidation) ──┴─ serve the stored one ─ stand-in
//   │                                                            else the error or the 5xx
//   └─ a hit whose body is gone (evicted, storage failed) ─┬─ only-if-cached ─────────── 504
//                                                          └─ else: network ── miss (body-missing)
//
// Events: a miss is told as its request goes out (one sent ahead: once it is known to be the
// miss's; one sent ahead and cancelled is told nowhere); a hit, a 304 and a stand-in once served.
import type { CacheableRequest, Engine } from '../context/engine';
import type { FlightAbort } from '../coordination/flights';
import { loadSoon } from '../coordination/lazy-module';
import {
  type CacheAction,
  type ForwardedAction,
  missFwd,
  reportAction,
  validationFwd,
} from '../response/cache-action';
import { cacheStatusOf, type Outcome, waiterOf } from '../response/outcome';
import { fetchAndAdmit, networkChunk, type SentAhead, sendAhead } from './admission';
import { fromStore, hitAction } from './from-store';
import { readStored } from './read-stored';

/**
 * Resolves one cacheable request. `controller` (the flight's, ./flights) aborts when every caller
 * sharing it has gone; the work aborts it too when every reader of its body has gone.
 */
export async function resolveCacheable(
  engine: Engine,
  cacheable: CacheableRequest,
  controller: FlightAbort,
): Promise<Outcome> {
  const url = cacheable.request.url;
  const toNetwork = (action: ForwardedAction, ahead?: SentAhead) => {
    reportAction(engine.events, url, action);
    const abort = () => controller.abort();
    return fetchAndAdmit(engine, cacheable, action, controller.signal, abort, ahead);
  };
  const served = (outcome: Outcome) => {
    reportAction(engine.events, url, outcome.action);
    return outcome;
  };

  // A first visit: sent before the lookup answers, which takes IndexedDB longest (./admission).
  const ahead = sendAhead(engine, cacheable, controller.signal);
  const reading = readStored(engine, cacheable);
  // A miss loads admission alone (its own chunk); revalidation's waits until the miss's response
  // has come (an idle callback fires during the round trip: it was loaded before the data).
  const miss = async (fwd: ReturnType<typeof missFwd>) => {
    const outcome = await toNetwork({ kind: 'miss', fwd }, ahead);
    loadSoon(networkChunk);
    return outcome;
  };
  // Its response, if it comes first, answers: a network response may always answer (RFC 9111 §4),
  // and the origin was thought never to have stored anything. If the lookup comes first, or the
  // request failed (a stored response may stand in: offline, stale-if-error), the lookup decides.
  if (ahead && (await answeredFirst(ahead, reading))) return miss('uri-miss');
  const { variants, body, selected, decision } = await reading;

  if (!selected || !decision) {
    if (cacheable.onlyIfCached) return notCached(engine, cacheable);
    return miss(missFwd(cacheable.readStored, variants.length));
  }
  ahead?.cancel(); // stored after all: what it is decides

  // Fetched soon, after this request's data, so that a later revalidation (offline too) finds it
  // loaded; a revalidation below loads it at once.
  loadSoon(networkChunk);
  if (decision.kind === 'revalidate') {
    // Only another user's response (decision 0018): nothing usable without the network.
    if (cacheable.onlyIfCached) return notCached(engine, cacheable);
    const loaded = networkChunk.loaded ?? (await networkChunk.load());
    const validated = await loaded.validate({
      engine,
      cacheable,
      selected,
      variants,
      fwd: validationFwd(decision.why),
      // What the read brought for `selected` (null: gone), kept for a 304 (HEAD needs none).
      body: body ?? null,
      signal: controller.signal,
      abort: () => controller.abort(),
      background: false,
    });
    return served(validated);
  }
  // The read brought the body along (body ?? null: it was looked for, and is gone if missing).
  const action = hitAction(selected, decision);
  const hit = await fromStore(engine, cacheable, selected, selected.response, action, body ?? null);
  if (hit) {
    if (decision.kind === 'stale-while-revalidate') {
      // RFC 5861 §3: served stale now, refreshed in the background (../revalidation/revalidate).
      const refresh = networkChunk.load().then(
        (loaded) => loaded.refreshStale({ engine, cacheable, selected, variants }),
        (error: unknown) =>
          engine.events.emit('error', { error, operation: 'background-revalidation', url }),
      );
      engine.background.track(refresh);
    }
    return served(hit);
  }
  if (cacheable.onlyIfCached) return notCached(engine, cacheable);
  return toNetwork({ kind: 'miss', fwd: 'uri-miss', detail: 'body-missing' });
}

/** Whether the request sent ahead had its response before the lookup answered. */
function answeredFirst(ahead: SentAhead, reading: Promise<unknown>): Promise<boolean> {
  const lookupFirst = reading.then(() => false);
  return Promise.race([
    ahead.network.then(
      (sent) => (sent ? true : lookupFirst),
      () => lookupFirst,
    ),
    lookupFirst,
  ]);
}

/** What `only-if-cached` gives when nothing usable is stored. */
export function notCached(
  engine: Engine,
  cacheable: Pick<CacheableRequest, 'onlyIfCached'>,
): Extract<Outcome, { kind: 'synthetic' }> {
  // Fetch: mode only-if-cached with nothing stored is a network error.
  if (cacheable.onlyIfCached === 'mode') {
    throw new TypeError('Failed to fetch: only-if-cached and nothing usable is stored');
  }
  // RFC 9111 §5.2.1.7: the request directive is answered with 504 (Gateway Timeout).
  const action: CacheAction = { kind: 'only-if-cached', detail: 'only-if-cached' };
  const status = cacheStatusOf(waiterOf(engine.options, null, 'GET'), action, undefined);
  const headers: HeadersInit = status === undefined ? {} : { 'cache-status': status };
  const response = new Response(null, { status: 504, statusText: 'Gateway Timeout', headers });
  return { kind: 'synthetic', response, action };
}
