// Range requests (RFC 9110 §14; RFC 9111 §3.3, §3.4, §4.3.3): a single byte range answered from a
// stored complete response or stored parts, else forwarded and its 206 stored as partial content.
// Loaded with import() when the first Range request arrives, so other pages never download it.
//
// The same spine as a plain GET (../cacheable/flow), with the Range-only steps here and in ./serve
// and ./store (selecting bytes, combining parts, 206/416):
//
//   the request without Range is the Lookup: it selects and keys what is stored
//   read the variants (../cacheable/read-stored, `select` also picks stored parts) ─ one read
//   │
//   ├─ a stored complete 200 that may be reused (fresh, or stale allowed) ─ its bytes ─ hit (206/416)
//   ├─ stored parts that may be reused and hold the range ─────────────── their bytes ─ hit (206/416)
//   ├─ only-if-cached ─────────────────────── 504, or fetch's TypeError (../cacheable/flow notCached)
//   └─ forwarded with the Range, and validators (a stale complete 200's, or If-Range of the parts):
//      ├─ 304 ── freshened (../revalidation/freshen-stored, as for a GET), its range ─ not-modified
//      ├─ 206 ── streamed, stored as parts once complete (./store, ../cacheable/store-entry) ─ miss
//      ├─ 200 ── the whole representation, admitted like any response (../cacheable/admit)
//      └─ any other status ── passed along; if it refuses what is stored, that goes
//
// Every branch ends in an Outcome (../response/outcome): the route turns it into the Response,
// with Age and the one Cache-Status; the event is the action's, told as for a plain GET.

import { parseContentRange } from '../../policy/byte-ranges';
import { withGroups } from '../../policy/cache-groups';
import { conditionalHeaders } from '../../policy/conditional';
import { isIdentityCoding } from '../../policy/content-coding';
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
import { forgetIfRefused, forgetRefused } from '../cacheable/forget-refused';
import { readWith } from '../cacheable/read-stored';
import { storeWhenComplete } from '../cacheable/store-entry';
import type { CacheableRequest, Engine } from '../context/engine';
import { expectedBodyLength } from '../network/expected-length';
import { fetchFromNetwork, type NetworkResult } from '../network/network';
import { validatorsCostNothing } from '../network/validators-cost';
import { abortReason, linkedController } from '../response/abort';
import { BodyBroadcast } from '../response/body-broadcast';
import {
  type ForwardedAction,
  missFwd,
  reportAction,
  validationFwd,
} from '../response/cache-action';
import type { Outcome } from '../response/outcome';
import { freshenStored } from '../revalidation/freshen-stored';
import { fromComplete, fromParts, type RangeContext, type RangeRequest } from './serve';
import { storePartialContent } from './store';

const served = (decision: ReuseDecision | undefined) =>
  decision?.kind === 'fresh' || decision?.kind === 'stale-allowed';

/** The same request without Range: what selects stored responses and keys what is stored. */
function withoutRange(engine: Engine, range: RangeRequest): CacheableRequest {
  const { request, partition, key, readStored, onlyIfCached } = range;
  const headers = range.snapshot.headers.filter(([name]) => name.toLowerCase() !== 'range');
  const generation = engine.generations.of(key, partition);
  const snapshot = { ...range.snapshot, headers };
  return { request, snapshot, partition, key, readStored, onlyIfCached, generation };
}

/** Answers one single-range GET (see `classifyRequest`'s `range` kind). */
export async function rangeRequest(engine: Engine, range: RangeRequest): Promise<Outcome> {
  const cacheable = withoutRange(engine, range);
  const read = await readWith(engine, cacheable, (variants, now) =>
    storedForRange(variants, cacheable.snapshot, now),
  );
  // Fetch: a caller who aborted (before, or while the store was read) gets the abort, not a 206.
  if (range.request.signal.aborted) throw abortReason(range.request.signal);
  const ctx: RangeContext = { ...range, engine, cacheable, now: read.now };
  const { variants, complete, completeDecision, partial, partialServed } = read;
  // Told as a plain GET's answer from storage is, once it is sure to be served.
  const fromStorage = (outcome: Outcome) => {
    reportAction(engine.events, range.request.url, outcome.action);
    return outcome;
  };
  // What the read brought for this entry (null: it looked, and the body is gone); else read now.
  const preloaded = (entry: CacheEntry) =>
    entry === read.chosen ? (read.body ?? null) : undefined;
  if (complete && served(completeDecision)) {
    const answer = await fromComplete(ctx, complete, preloaded(complete));
    if (answer) return fromStorage(answer);
  }
  if (partial && partialServed) {
    const answer = await fromParts(ctx, partial, preloaded(partial));
    if (answer) return fromStorage(answer);
  }
  if (range.onlyIfCached) return notCached(engine, cacheable);

  // A stored complete response that may not answer as it is (stale-while-revalidate included: a
  // range is small, and a 304 lets the stored bytes answer) is validated along with the range.
  const revalidating =
    complete && completeDecision && !served(completeDecision) ? complete : undefined;
  const why = completeDecision?.kind === 'revalidate' ? completeDecision.why : 'stale';
  const action: ForwardedAction = revalidating
    ? { kind: 'replaced', fwd: validationFwd(why) }
    : { kind: 'miss', fwd: partial ? 'partial' : missFwd(cacheable.readStored, variants.length) };
  return forward(ctx, action, revalidating, partial, fromStorage);
}

/**
 * What is stored that may answer a range at `now`: a complete 200 (RFC 9110 §14.2; content-coded
 * ones aside: their ranges count bytes of the coding, which fetch has decoded) and what reusing it
 * takes, and parts (RFC 9111 §3.3), which answer a range they hold when they may be reused. Pure:
 * the read's `select`, decided once on the variants the store read.
 */
function storedForRange(variants: CacheEntry[], plain: CacheableRequest['snapshot'], now: number) {
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
  return stored.status === 200 && isIdentityCoding(headerValue(stored.headers, 'content-encoding'));
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
  fromStorage: (outcome: Outcome) => Outcome,
): Promise<Outcome> {
  const { engine, request } = ctx;
  reportAction(engine.events, request.url, action);
  const { controller, unlink } = linkedController(request.signal);
  const abort = () => controller.abort();
  try {
    const validators = validatorsFor(ctx, revalidating, partial);
    let network = await fetchFromNetwork(engine.options, ctx, validators, controller.signal);
    if (network.snapshot.status === 304 && revalidating && action.kind === 'replaced') {
      const answer = await notModified(ctx, revalidating, network, action.fwd);
      if (answer) return fromStorage(answer);
      // The 304 identified nothing we hold: ask again for the range alone.
      network = await fetchFromNetwork(engine.options, ctx, [], controller.signal);
    }
    const { status } = network.snapshot;
    if (status === 206) return partialContent(ctx, network, partial, action, abort);
    // The origin sent the whole representation (it ignored Range, or If-Range failed): store it.
    if (status === 200) return admit(engine, ctx.cacheable, network, action, abort);
    // Any other answer: passed along; if it refused what is stored (403, no-store), that goes.
    const verdict = storability(ctx.snapshot, network.snapshot, network.response.type);
    forgetIfRefused(engine, ctx.cacheable, action, status, verdict);
    const answered = { ...action, fwdStatus: status };
    return { kind: 'direct', response: network.response, action: answered, taken: false };
  } finally {
    unlink();
  }
}

/**
 * RFC 9111 §4.3.4: a 304 freshens the stored complete response as it does for a plain GET
 * (../revalidation/freshen-stored), and its range then answers.
 */
async function notModified(
  ctx: RangeContext,
  entry: CacheEntry,
  network: NetworkResult,
  fwd: 'stale' | 'request',
): Promise<Outcome | undefined> {
  const { engine, cacheable } = ctx;
  const freshened = freshenStored(engine, cacheable, [entry], entry, network);
  if (freshened === undefined) return undefined;
  const action = { kind: 'not-modified', fwd, fwdStatus: 304, background: false } as const;
  const outcome = await fromComplete(ctx, entry, undefined, action, freshened.response);
  // After the body was read for this caller (its bytes are taken before the delete).
  if (freshened.refused) forgetRefused(engine, cacheable);
  return outcome;
}

/** A 206 from the origin: streamed to the caller, stored as partial content once complete. */
function partialContent(
  ctx: RangeContext,
  network: NetworkResult,
  partial: CacheEntry | undefined,
  action: ForwardedAction,
  abort: () => void,
): Outcome {
  const { engine, request } = ctx;
  const { response, snapshot: head } = network;
  const received = parseContentRange(headerValue(head.headers, 'content-range'));
  const length = received ? received.end - received.start + 1 : 0;
  const expected = expectedBodyLength(response.headers);
  const verdict = storability(ctx.snapshot, head, response.type);
  // A 206 that refuses storing (no-store, Vary: *) refuses what is stored for the URL too, as any
  // other final response does (decision 0019): the stale 200 must not stand in for it later.
  forgetIfRefused(engine, ctx.cacheable, action, 206, verdict);
  const storable =
    received !== null &&
    verdict.storable &&
    // A content-coded 206 counts bytes of the coding, which fetch decodes: not ours to place.
    isIdentityCoding(headerValue(head.headers, 'content-encoding')) &&
    (expected === undefined || expected === length) &&
    length <= engine.options.maxEntryBytes;
  const answered = { ...action, fwdStatus: 206, stored: storable };
  if (!storable || received === null) {
    return { kind: 'direct', response, action: answered, taken: false };
  }
  const parsed = storedFromNetwork(ctx.cacheable, network);
  const incoming = {
    ...parsed,
    ...withGroups(parsed.headers),
    partial: {
      completeLength: received.completeLength,
      segments: [{ start: received.start, end: received.end }],
    },
  };
  const broadcast = new BodyBroadcast(response.body, {
    expectedLength: length,
    maxBytes: engine.options.maxEntryBytes,
    onAbandoned: abort,
  });
  storeWhenComplete(engine, ctx.cacheable, broadcast, (body) =>
    storePartialContent(engine, ctx.cacheable, partial, incoming, head, body).catch(
      (error: unknown) => {
        engine.events.emit('error', { error, operation: 'store-partial', url: request.url });
      },
    ),
  );
  return { kind: 'stream', response, broadcast, action: answered };
}
