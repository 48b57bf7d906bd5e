// One call of a cached fetch, from its arguments to the flow that answers it: a cacheable GET or
// HEAD (./cacheable/flow, the place to start reading), a Range request (./range, loaded with
// import()), an unsafe method (./unsafe: sent, then what it invalidates), or a request the cache
// only passes along (no-store, no-cors, the caller's own conditional request), with Cache-Status.
import { primaryKey } from '../policy/cache-key';
import { carriesSecret } from '../policy/credentials';
import { classifyRequest } from '../policy/request-class';
import type { RequestSnapshot } from '../policy/snapshot';
import { fetchAndAdmit, networkChunk } from './cacheable/admission';
import { notCached, resolveCacheable } from './cacheable/flow';
import type { CacheableRequest, Engine } from './context/engine';
import { lazyModule, noteActivity } from './coordination/lazy-module';
import { withModeHeaders } from './network/mode-headers';
import { networkResult } from './network/network';
import { passedToFetch, sharingOptions } from './network/request-options';
import { snapshotRequest } from './network/snapshots';
import { inOutbox } from './outbox/chunk';
import { abortReason, linkedController } from './response/abort';
import type { CacheAction } from './response/cache-action';
import { fromKeptCopy, type Outcome, respond, waiterOf } from './response/outcome';

function requestedMode(input: RequestInfo | URL, init: RequestInit | undefined): RequestCache {
  if (init?.cache !== undefined) return init.cache;
  if (typeof input === 'object' && input !== null && 'cache' in input) return input.cache;
  return 'default';
}

export async function handle(
  engine: Engine,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<Response> {
  noteActivity(); // what loads when the cache is quiet waits (../coordination/lazy-module)
  const mode = requestedMode(input, init);
  // Browsers reject only-if-cached outside same-origin mode; we implement it ourselves, anywhere.
  const request = new Request(
    input,
    mode === 'only-if-cached' ? { ...init, cache: 'default' } : init,
  );
  const snapshot = snapshotRequest(request, mode);
  const kind = classifyRequest(snapshot);
  const { options } = engine;
  const partition = options.partitionOf(request);
  if (engine.generations.use(partition) && options.warnings) {
    console.warn(
      `cached-fetch: "${partition}" was cleared in another tab: not stored here (README, Logout)`,
    );
  }

  if (kind.kind === 'unsafe') {
    if (mode === 'only-if-cached') throw notFromCache();
    return unsafeRequest(engine, request, snapshot, partition, init?.body);
  }
  // Options only fetch can apply to this request (./request-options) pass it through, as bypass does.
  if (kind.kind === 'bypass' || passedToFetch(request, kind.kind === 'range')) {
    if (mode === 'only-if-cached') throw notFromCache();
    const response = await options.fetch(withModeHeaders(request, snapshot));
    const fwd = kind.kind === 'bypass' && kind.reason === 'method' ? 'method' : 'bypass';
    return forwarded(engine, response, fwd);
  }

  // Made while a cache.invalidate() is under way, or a clear() or delete() whose code is still
  // loading (../create-cached-fetch, `changing`): this request comes after it. An invalidation
  // knows what it marks only once its code (the revalidate chunk) has loaded and it has read the
  // store: the request waits, then reads the marks, joins no work in flight for what was marked or
  // removed, and its generation is the one after them. Whatever the filter: which requests it
  // reaches is known only then. A request that reads nothing stored (`cache: 'reload'`) waits too,
  // or it would join work sent before the call. At most the store's deadline (a store that stalls
  // holds no request, docs/pitfalls.md #11); past it, the request reads nothing stored, since what
  // it would find may be about to be marked, and the `error` event says so, as for a lookup past
  // that deadline.
  const afterInvalidations =
    !engine.invalidations.busy ||
    (await engine.storage.withinDeadline(engine.invalidations.settled()).then(
      () => true,
      (error: unknown) => {
        engine.events.emit('error', { error, operation: 'invalidate', url: request.url });
        return false;
      },
    ));
  const readStored = kind.readStored && afterInvalidations;
  const key = primaryKey(partition, request.url);
  const onlyIfCached = kind.onlyIfCached
    ? mode === 'only-if-cached'
      ? 'mode'
      : 'directive'
    : false;
  // Decision 0018: what the cache keeps of credentials is their keyed hashes, never the values.
  // A request without credentials pays one pass over its header names, and no extra tick.
  const secured = carriesSecret(snapshot.headers, options.secretHeaders)
    ? await engine.storage.secure(snapshot)
    : snapshot;
  if (secured === undefined) {
    // No hash to be had: this request neither reads nor writes storage.
    if (onlyIfCached) return notCached(engine, { onlyIfCached }).response;
    const response = await options.fetch(withModeHeaders(request, snapshot));
    return forwarded(engine, response, 'bypass');
  }
  if (kind.kind === 'range') {
    let rangeRequest: typeof import('./range/request').rangeRequest;
    try {
      // Loaded on the first Range request: pages that never send one never download it.
      ({ rangeRequest } = await import('./range/request'));
    } catch (error) {
      // It did not load (offline before any Range request, a deploy removed the chunk): the range
      // is answered as when nothing is stored, and the failure is reported.
      engine.events.emit('error', { error, operation: 'range', url: request.url });
      if (onlyIfCached) return notCached(engine, { onlyIfCached }).response;
      return forwarded(engine, await options.fetch(withModeHeaders(request, snapshot)), 'bypass');
    }
    // The classification's range; readStored and onlyIfCached as this request reads them.
    const outcome = await rangeRequest(engine, {
      ...kind,
      readStored,
      request,
      snapshot: secured,
      partition,
      key,
      onlyIfCached,
    });
    // Its own work, shared with nobody: the first and only caller always gets a Response.
    return respond(outcome, waiterOf(options, request.signal, 'GET'))!;
  }
  const cacheable: CacheableRequest = {
    request,
    snapshot: secured,
    partition,
    key,
    readStored,
    onlyIfCached,
    generation: engine.generations.of(key, partition),
  };
  const coalesceKey = JSON.stringify([
    partition,
    snapshot.method,
    snapshot.url,
    mode,
    [...secured.headers].sort(),
    sharingOptions(request),
  ]);
  // Only a signal the caller holds can abort: a URL without init.signal has none to listen to.
  const signal =
    init?.signal || (typeof input === 'object' && !(input instanceof URL)) ? request.signal : null;
  const { result, leader } = engine.flights.join(coalesceKey, cacheable, signal, (controller) =>
    resolveCacheable(engine, cacheable, controller),
  );
  const outcome = await result;
  const waiter = waiterOf(options, signal, snapshot.method, leader);
  let response = respond(outcome, waiter);
  if (!response) {
    // This caller joined work whose response cannot be shared as it streams: it gets a first
    // visit's whole body once it has ended, else it makes its own request.
    if (request.signal.aborted) throw abortReason(request.signal);
    response = (await fromKeptCopy(outcome, waiter)) ?? (await ownRequest(engine, cacheable));
  }
  // Fetch: the body is checked against the request's integrity before the response is given,
  // whether it came from storage, a 304, another caller's request or our own (./network sends
  // none: a 304 has no body to match).
  if (!request.integrity) return response;
  const { withIntegrity } = await integrityChunk.load();
  return withIntegrity(response, request.integrity);
}

/** SRI, loaded by the first request that carries `integrity`. */
const integrityChunk = lazyModule(() => import('./response/integrity'));

function notFromCache(): TypeError {
  return new TypeError('Failed to fetch: only-if-cached cannot be answered from the cache');
}

async function ownRequest(engine: Engine, cacheable: CacheableRequest): Promise<Response> {
  const { controller, unlink } = linkedController(cacheable.request.signal);
  try {
    const abort = () => controller.abort();
    const action = { kind: 'miss', fwd: 'miss' } as const;
    const outcome = await fetchAndAdmit(engine, cacheable, action, controller.signal, abort);
    return respond(
      outcome,
      waiterOf(engine.options, cacheable.request.signal, cacheable.snapshot.method),
    )!;
  } finally {
    unlink();
  }
}

/**
 * RFC 9111 §4.4: after a non-error reply to an unsafe method, stored responses for the URI go
 * (./unsafe/unsafe-request, in the network chunk: loaded beside the round trip, so the request is never
 * held back for it).
 */
async function unsafeRequest(
  engine: Engine,
  request: Request,
  snapshot: RequestSnapshot,
  partition: string,
  body: RequestInit['body'],
): Promise<Response> {
  const { options } = engine;
  const after = networkChunk.load();
  after.catch(() => {}); // when the request fails first, nobody else awaits it
  const requestTime = options.now();
  const online = async (response: Response) => {
    const network = networkResult(response, requestTime, options.now());
    let loaded: Awaited<typeof after>;
    try {
      loaded = await after;
    } catch (error) {
      // The module did not load (offline, a deploy removed it): the response still goes through.
      engine.events.emit('error', { error, operation: 'invalidate', url: request.url });
      return forwarded(engine, response, 'method');
    }
    const stored = await loaded.afterUnsafeResponse(engine, request, snapshot, partition, network);
    return stored ?? forwarded(engine, response, 'method');
  };
  // With the outbox (./outbox, decision 0024), it decides whether the write may be queued (its
  // `match`); a queueable write's first attempt goes through it, any other is sent as without it.
  return options.outbox
    ? inOutbox(engine, 'send', request, partition, body, online)
    : online(await options.fetch(request));
}

/** A response the cache only passed along, with its Cache-Status (RFC 9211 §2.2). */
function forwarded(engine: Engine, response: Response, fwd: 'method' | 'bypass'): Response {
  if (!engine.options.cacheStatus) return response;
  const action: CacheAction = { kind: 'passed', fwd, fwdStatus: response.status };
  const outcome: Outcome = { kind: 'direct', response, action, taken: false };
  return respond(outcome, waiterOf(engine.options, null, 'GET'))!;
}
