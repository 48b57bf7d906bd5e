// Range requests (RFC 9110 §14; RFC 9111 §3.3, §3.4, §4.3.3): a single byte range answered from a
// stored complete response or stored parts, else forwarded and its 206 stored as partial content.
// Loaded with import() when the first Range request arrives, so other pages never download it.

import { type ByteRange, parseContentRange } from '../../policy/byte-ranges';
import { formatCacheStatus } from '../../policy/cache-status';
import { conditionalHeaders } from '../../policy/conditional';
import { withCredentialsOf } from '../../policy/credentials';
import { freshenedResponse, selectForFreshening } from '../../policy/freshen';
import { headerValue } from '../../policy/headers';
import { selectPartial } from '../../policy/partial-content';
import { decideReuse, type ReuseDecision } from '../../policy/reuse';
import type { HeaderList, StoredResponse } from '../../policy/snapshot';
import { storability } from '../../policy/storability';
import { parseEntityTag } from '../../policy/validators';
import { selectVariant } from '../../policy/vary';
import type { CacheEntry } from '../../store/cache-store';
import { admit, storedFromNetwork } from '../cacheable/admit';
import { notCached } from '../cacheable/flow';
import { forgetIfRefused } from '../cacheable/forget-refused';
import type { Engine, Lookup } from '../context/engine';
import { validatorsCostNothing } from '../network/cross-origin';
import { expectedBodyLength, fetchFromNetwork, type NetworkResult } from '../network/network';
import { abortReason, linkedController } from '../response/abort';
import { BodyBroadcast } from '../response/body-broadcast';
import { type ForwardedAction, reportAction } from '../response/cache-action';
import { respond, waiterOf } from '../response/outcome';
import { withCacheStatus } from '../response/served-response';
import { fromComplete, fromParts, type RangeContext, type RangeLookup } from './serve';
import { storePartialContent } from './store';

const served = (decision: ReuseDecision | undefined) =>
  decision?.kind === 'fresh' || decision?.kind === 'stale-allowed';

/** Answers one single-range GET (see `classifyRequest`'s `range` kind). */
export async function rangeRequest(engine: Engine, range: RangeLookup): Promise<Response> {
  const now = engine.options.now();
  const plain = {
    ...range.snapshot,
    headers: range.snapshot.headers.filter(([name]) => name.toLowerCase() !== 'range'),
  };
  const lookup: Lookup = {
    request: range.request,
    snapshot: plain,
    partition: range.partition,
    key: range.key,
    readStored: range.readStored,
    onlyIfCached: range.onlyIfCached,
    generation: engine.generations.of(range.key, range.partition),
  };
  const ctx: RangeContext = { ...range, engine, lookup, now };
  // The store reads the body of the entry that will answer in the same read (`answering` is pure:
  // it decides the same again on the variants the store returns).
  const { variants, chosen, body } = range.readStored
    ? await engine.storage.lookup(
        range.key,
        range.request.url,
        (found) => storedForRange(found, plain, now).answering,
      )
    : { variants: [] as CacheEntry[], chosen: undefined, body: undefined };
  // Fetch: a caller who aborted (before, or while the store was read) gets the abort, not a 206.
  if (range.request.signal.aborted) throw abortReason(range.request.signal);
  const { complete, completeDecision, partial, partialServed } = storedForRange(
    variants,
    plain,
    now,
  );
  // What the lookup read for this entry (null: it looked, and the body is gone); else read now.
  const preloaded = (entry: CacheEntry) => (entry === chosen ? (body ?? null) : undefined);
  if (complete && served(completeDecision)) {
    const answer = await fromComplete(ctx, complete, preloaded(complete));
    if (answer) return answer;
  }
  if (partial && partialServed) {
    const answer = await fromParts(ctx, partial, preloaded(partial));
    if (answer) return answer;
  }
  if (range.onlyIfCached)
    return respond(notCached(engine, lookup), waiterOf(engine.options, ctx.request.signal, 'GET'))!;

  // A stored complete response that may not answer as it is (stale-while-revalidate included: a
  // range is small, and a 304 lets the stored bytes answer) is validated along with the range.
  const revalidating =
    complete && completeDecision && !served(completeDecision) ? complete : undefined;
  // RFC 9211 §2.2: `stale` when the stored response asks for validation, `request` when the request did.
  const why = completeDecision?.kind === 'revalidate' ? completeDecision.why : 'stale';
  const action: ForwardedAction = revalidating
    ? { kind: 'replaced', fwd: why === 'stale' || why === 'no-cache' ? 'stale' : 'request' }
    : {
        kind: 'miss',
        fwd: partial
          ? 'partial'
          : !range.readStored
            ? 'request'
            : variants.length > 0
              ? 'vary-miss'
              : 'uri-miss',
      };
  return forward(ctx, action, revalidating, partial);
}

/**
 * What is stored that may answer a range at `now`: a complete 200 (RFC 9110 §14.2; content-coded
 * ones aside: their ranges count bytes of the coding, which fetch has decoded) and what reusing it
 * takes, and parts (RFC 9111 §3.3), which answer a range they hold when they may be reused. Pure:
 * the lookup's `choose` and the flow decide the same on the same variants.
 */
function storedForRange(variants: CacheEntry[], plain: Lookup['snapshot'], now: number) {
  const whole = selectVariant(variants, plain);
  const complete = whole && answersRanges(whole.response) ? whole : undefined;
  const completeDecision = complete && decideReuse(complete.response, plain, now);
  const partial = selectPartial(variants, plain.headers);
  const partialServed = partial !== undefined && served(decideReuse(partial.response, plain, now));
  // The entry whose body would answer first: the complete response, else the parts.
  const answering = served(completeDecision) ? complete : partialServed ? partial : undefined;
  return { complete, completeDecision, partial, partialServed, answering };
}

function answersRanges(stored: StoredResponse): boolean {
  return stored.status === 200 && identityCoded(stored.headers);
}

/** No content coding: byte positions count the bytes fetch gives us. */
function identityCoded(headers: HeaderList): boolean {
  const coding = headerValue(headers, 'content-encoding')?.trim().toLowerCase();
  return coding === undefined || coding === 'identity';
}

/**
 * The validators the forwarded request carries: those of a stale complete response (a 304 lets it
 * answer, RFC 9111 §4.3), or If-Range with the stored parts' strong entity-tag (RFC 9110 §13.1.5:
 * the origin sends the rest only if it is still the same representation, else the whole of it).
 * Cross-origin only where they cost no extra CORS preflight (as for revalidation, docs/pitfalls.md #2).
 */
function validatorsFor(
  ctx: RangeContext,
  revalidating: CacheEntry | undefined,
  partial: CacheEntry | undefined,
): HeaderList {
  const { revalidatesCrossOrigin } = ctx.engine.options;
  if (!validatorsCostNothing(ctx.request.url, ctx.snapshot.headers, revalidatesCrossOrigin)) {
    return [];
  }
  if (revalidating) return conditionalHeaders(revalidating.response, [revalidating.response]);
  const tag = parseEntityTag(partial?.response.freshness.etag ?? null);
  return tag !== null && !tag.weak ? [['if-range', tag.opaque]] : [];
}

async function forward(
  ctx: RangeContext,
  action: ForwardedAction,
  revalidating: CacheEntry | undefined,
  partial: CacheEntry | undefined,
): Promise<Response> {
  const { engine, request } = ctx;
  reportAction(engine.events, request.url, action);
  const { controller, unlink } = linkedController(request.signal);
  const abort = () => controller.abort();
  try {
    const validators = validatorsFor(ctx, revalidating, partial);
    let network = await fetchFromNetwork(engine.options, ctx, validators, controller.signal);
    if (network.snapshot.status === 304 && revalidating && action.kind === 'replaced') {
      const answer = await notModified(ctx, revalidating, network, action.fwd);
      if (answer) return answer;
      // The 304 identified nothing we hold: ask again for the range alone.
      network = await fetchFromNetwork(engine.options, ctx, [], controller.signal);
    }
    const { status } = network.snapshot;
    if (status === 206) return partialContent(ctx, network, partial, action, abort);
    // The origin sent the whole representation (it ignored Range, or If-Range failed): store it.
    if (status === 200)
      return respond(
        admit(engine, ctx.lookup, network, action, abort),
        waiterOf(engine.options, ctx.request.signal, 'GET'),
      )!;
    // Any other answer: passed along; if it refused what is stored (403, no-store), that goes.
    const verdict = storability(ctx.snapshot, network.snapshot, network.response.type);
    forgetIfRefused(engine, ctx.lookup, action, status, verdict);
    const header = engine.options.cacheStatus
      ? formatCacheStatus({ ...action, fwdStatus: status })
      : undefined;
    return withCacheStatus(network.response, header, ctx.request.signal);
  } finally {
    unlink();
  }
}

/** RFC 9111 §4.3.4: a 304 freshens the stored complete response, whose range then answers. */
async function notModified(
  ctx: RangeContext,
  entry: CacheEntry,
  network: NetworkResult,
  fwd: 'stale' | 'request',
): Promise<Response | undefined> {
  const { engine } = ctx;
  if (selectForFreshening([entry], network.snapshot, entry).length === 0) return undefined;
  // Decision 0018: the origin validated it for this request's credentials.
  const freshened = withCredentialsOf(
    freshenedResponse(entry.response, network.snapshot),
    ctx.snapshot,
  );
  await engine.storage.update(entry, freshened);
  const action = { kind: 'not-modified', fwd, fwdStatus: 304, background: false } as const;
  reportAction(engine.events, ctx.request.url, action);
  return fromComplete(ctx, entry, undefined, action, freshened);
}

/** A 206 from the origin: streamed to the caller, stored as partial content once complete. */
function partialContent(
  ctx: RangeContext,
  network: NetworkResult,
  partial: CacheEntry | undefined,
  action: ForwardedAction,
  abort: () => void,
): Response {
  const { engine, request } = ctx;
  const { response, snapshot: head } = network;
  const received = parseContentRange(headerValue(head.headers, 'content-range'));
  const length = received ? received.end - received.start + 1 : 0;
  const expected = expectedBodyLength(response.headers);
  const storable =
    received !== null &&
    storability(ctx.snapshot, head, response.type).storable &&
    // A content-coded 206 counts bytes of the coding, which fetch decodes: not ours to place.
    identityCoded(head.headers) &&
    (expected === undefined || expected === length) &&
    length <= engine.options.maxEntryBytes;
  const answered = { ...action, fwdStatus: 206, stored: storable };
  const header = engine.options.cacheStatus ? formatCacheStatus(answered) : undefined;
  if (!storable || received === null) return withCacheStatus(response, header, request.signal);
  const segment: ByteRange = { start: received.start, end: received.end };
  const incoming = {
    ...storedFromNetwork(ctx.lookup, network),
    partial: { completeLength: received.completeLength, segments: [segment] },
  };
  const broadcast = new BodyBroadcast(response.body, {
    expectedLength: length,
    maxBytes: engine.options.maxEntryBytes,
    onAbandoned: abort,
  });
  // Like any write: `cache.settled()` waits for it, and so does the next lookup of this key in this
  // tab (read-your-writes), registered before anything is awaited.
  engine.background.track(
    broadcast.complete.then((body) => {
      if (body === null) return;
      const write = storePartialContent(engine, ctx.lookup, partial, incoming, head, body).catch(
        (error: unknown) => {
          engine.events.emit('error', { error, operation: 'store-partial', url: request.url });
        },
      );
      engine.storage.writing(ctx.lookup.key, write);
      return write;
    }),
  );
  return withCacheStatus(response, header, request.signal, broadcast.subscribe(request.signal));
}
