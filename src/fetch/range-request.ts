// Range requests (RFC 9110 §14; RFC 9111 §3.3, §3.4, §4.3.3): a single byte range answered from a
// stored complete response or stored parts, else forwarded and its 206 stored as partial content.
// Loaded with import() when the first Range request arrives, so other pages never download it.

import {
  type ByteRange,
  parseContentRange,
  requestedBytes,
  selectedRange,
  storedOffset,
} from '../policy/byte-ranges';
import { type CacheStatusParams, formatCacheStatus } from '../policy/cache-status';
import { conditionalHeaders } from '../policy/conditional';
import { freshenedResponse, selectForFreshening } from '../policy/freshen';
import { ageHeaderValue, currentAgeMs, ttlSec } from '../policy/freshness';
import { headerValue } from '../policy/headers';
import { rangeResponseHead, selectPartial, unsatisfiableHead } from '../policy/partial-content';
import type { RangeSpec } from '../policy/range';
import { decideReuse, type ReuseDecision } from '../policy/reuse';
import type { HeaderList, StoredResponse } from '../policy/snapshot';
import { storability } from '../policy/storability';
import { toStoredResponse } from '../policy/stored-response';
import { parseEntityTag } from '../policy/validators';
import { selectVariant } from '../policy/vary';
import type { CacheEntry } from '../store/cache-store';
import { linkedController } from './abort';
import { admit } from './admit';
import { BodyBroadcast } from './body-broadcast';
import { isCrossOrigin, needsPreflightAnyway } from './cross-origin';
import type { Engine, Lookup } from './engine';
import { notCached } from './lookup';
import { expectedBodyLength, fetchFromNetwork, type NetworkResult } from './network';
import { respond } from './outcome';
import { storePartialContent } from './range-store';
import { responseFromStore, withCacheStatus } from './served-response';

export interface RangeLookup {
  /** What goes to the network: the caller's request (mode headers added). */
  request: Request;
  /** The caller's request as policy sees it, Range included. */
  snapshot: Lookup['snapshot'];
  partition: string;
  key: string;
  range: RangeSpec;
  readStored: boolean;
  onlyIfCached: Lookup['onlyIfCached'];
}

interface Context extends RangeLookup {
  engine: Engine;
  /** The same request without Range: what selects stored responses and keys what is stored. */
  lookup: Lookup;
  now: number;
}

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
  const ctx: Context = { ...range, engine, lookup, now };
  const { variants } = range.readStored
    ? await engine.storage.lookup(range.key, range.request.url, () => undefined)
    : { variants: [] as CacheEntry[] };

  // RFC 9110 §14.2: a stored complete 200 answers any single range (content-coded ones aside:
  // their ranges count bytes of the coding, which fetch has decoded).
  const whole = selectVariant(variants, plain);
  const complete = whole && answersRanges(whole.response) ? whole : undefined;
  const completeDecision = complete && decideReuse(complete.response, plain, now);
  if (complete && served(completeDecision)) {
    const answer = await fromComplete(ctx, complete, { hit: true });
    if (answer) return answer;
  }
  // RFC 9111 §3.3: stored parts answer a range they hold.
  const partial = selectPartial(variants, plain.headers);
  if (partial && served(decideReuse(partial.response, plain, now))) {
    const answer = await fromParts(ctx, partial);
    if (answer) return answer;
  }
  if (range.onlyIfCached) return respond(notCached(engine, lookup), waiter(ctx))!;

  const revalidating = completeDecision?.kind === 'revalidate' ? complete : undefined;
  const fwd: CacheStatusParams['fwd'] = revalidating
    ? completeDecision?.kind === 'revalidate' && completeDecision.why === 'stale'
      ? 'stale'
      : 'request'
    : partial
      ? 'partial'
      : !range.readStored
        ? 'request'
        : variants.length > 0
          ? 'vary-miss'
          : 'uri-miss';
  return forward(ctx, fwd, revalidating, partial);
}

function answersRanges(stored: StoredResponse): boolean {
  const coding = headerValue(stored.headers, 'content-encoding')?.trim().toLowerCase();
  return stored.status === 200 && (coding === undefined || coding === 'identity');
}

function waiter(ctx: Context) {
  const { engine } = ctx;
  return {
    signal: ctx.request.signal,
    leader: true,
    method: 'GET',
    cacheStatus: engine.options.cacheStatus,
    now: engine.options.now(),
  };
}

/** A 206 (or 416) built from stored bytes, with Age (RFC 9111 §5.1) and Cache-Status. */
function fromStoredBytes(
  ctx: Context,
  head: StoredResponse,
  bytes: ArrayBuffer,
  status: CacheStatusParams,
): Response {
  const extra: HeaderList = [['age', ageHeaderValue(head, ctx.now)]];
  if (ctx.engine.options.cacheStatus) {
    extra.push(['cache-status', formatCacheStatus({ ...status, ttlSec: ttlSec(head, ctx.now) })]);
  }
  return responseFromStore(head, bytes, extra);
}

/** RFC 9110 §15.5.17: 416 when the stored length proves the range unsatisfiable. */
function unsatisfiable(ctx: Context, stored: StoredResponse, completeLength: number): Response {
  const head = unsatisfiableHead(stored, completeLength);
  return fromStoredBytes(ctx, head, new ArrayBuffer(0), { hit: true });
}

function hitEvent(ctx: Context, entry: CacheEntry, status: number): void {
  ctx.engine.storage.recordUse(entry, ctx.now);
  ctx.engine.events.emit('hit', {
    url: ctx.request.url,
    status,
    ageSec: Math.floor(currentAgeMs(entry.response, ctx.now) / 1000),
    stale: ttlSec(entry.response, ctx.now) < 0,
  });
}

/** RFC 9110 §14.2: the range of a stored complete response; undefined when its body is gone. */
async function fromComplete(
  ctx: Context,
  entry: CacheEntry,
  status: CacheStatusParams,
  stored: StoredResponse = entry.response,
): Promise<Response | undefined> {
  const body = await ctx.engine.storage.body(entry);
  if (body === undefined) return undefined;
  const range = selectedRange(ctx.range, body.byteLength);
  if (status.hit) hitEvent(ctx, entry, range ? 206 : 416);
  if (range === null) return unsatisfiable(ctx, stored, body.byteLength);
  const head = rangeResponseHead(stored, range, body.byteLength);
  return fromStoredBytes(ctx, head, body.slice(range.start, range.end + 1), status);
}

/** RFC 9111 §3.3: the range from stored parts that hold all of it; else undefined. */
async function fromParts(ctx: Context, entry: CacheEntry): Promise<Response | undefined> {
  const parts = entry.response.partial!;
  const wanted = requestedBytes(ctx.range, parts.completeLength);
  if (wanted === null) return undefined;
  if (wanted === 'unsatisfiable') {
    hitEvent(ctx, entry, 416);
    return unsatisfiable(ctx, entry.response, parts.completeLength!);
  }
  const offset = storedOffset(parts, wanted);
  if (offset === null) return undefined;
  const body = await ctx.engine.storage.body(entry);
  if (body === undefined) return undefined;
  hitEvent(ctx, entry, 206);
  const head = rangeResponseHead(entry.response, wanted, parts.completeLength);
  const length = wanted.end - wanted.start + 1;
  return fromStoredBytes(ctx, head, body.slice(offset, offset + length), { hit: true });
}

/**
 * The validators the forwarded request carries: those of a stale complete response (a 304 lets it
 * answer, RFC 9111 §4.3), or If-Range with the stored parts' strong entity-tag (RFC 9110 §13.1.5:
 * the origin sends the rest only if it is still the same representation, else the whole of it).
 * Cross-origin only where they cost no extra CORS preflight (as for revalidation, pitfall 2).
 */
function validatorsFor(
  ctx: Context,
  revalidating: CacheEntry | undefined,
  partial: CacheEntry | undefined,
): HeaderList {
  const url = ctx.request.url;
  const free =
    !isCrossOrigin(url) ||
    needsPreflightAnyway(ctx.snapshot.headers) ||
    ctx.engine.options.revalidatesCrossOrigin(new URL(url).origin);
  if (!free) return [];
  if (revalidating) return conditionalHeaders(revalidating.response, [revalidating.response]);
  const tag = parseEntityTag(partial?.response.freshness.etag ?? null);
  return tag !== null && !tag.weak ? [['if-range', tag.opaque]] : [];
}

async function forward(
  ctx: Context,
  fwd: CacheStatusParams['fwd'],
  revalidating: CacheEntry | undefined,
  partial: CacheEntry | undefined,
): Promise<Response> {
  const { engine, request } = ctx;
  if (fwd === 'uri-miss' || fwd === 'vary-miss') {
    engine.events.emit('miss', { url: request.url, reason: fwd });
  }
  const { controller, unlink } = linkedController(request.signal);
  const abort = () => controller.abort();
  try {
    const validators = validatorsFor(ctx, revalidating, partial);
    let network = await fetchFromNetwork(engine.options, request, validators, controller.signal);
    if (network.snapshot.status === 304 && revalidating) {
      const answer = await notModified(ctx, revalidating, network, fwd);
      if (answer) return answer;
      // The 304 identified nothing we hold: ask again for the range alone.
      network = await fetchFromNetwork(engine.options, request, [], controller.signal);
    }
    const { status } = network.snapshot;
    if (status === 206) return partialContent(ctx, network, partial, fwd, abort);
    // The origin sent the whole representation (it ignored Range, or If-Range failed): store it.
    if (status === 200)
      return respond(admit(engine, ctx.lookup, network, { fwd }, abort), waiter(ctx))!;
    const header = engine.options.cacheStatus
      ? formatCacheStatus({ fwd, fwdStatus: status })
      : undefined;
    return withCacheStatus(network.response, header);
  } finally {
    unlink();
  }
}

/** RFC 9111 §4.3.4: a 304 freshens the stored complete response, whose range then answers. */
async function notModified(
  ctx: Context,
  entry: CacheEntry,
  network: NetworkResult,
  fwd: CacheStatusParams['fwd'],
): Promise<Response | undefined> {
  const { engine } = ctx;
  if (selectForFreshening([entry], network.snapshot, entry).length === 0) return undefined;
  const freshened = freshenedResponse(entry.response, network.snapshot);
  await engine.storage.update(entry, freshened);
  engine.events.emit('revalidated', { url: ctx.request.url, background: false });
  return fromComplete(ctx, entry, { fwd, fwdStatus: 304 }, freshened);
}

/** A 206 from the origin: streamed to the caller, stored as partial content once complete. */
function partialContent(
  ctx: Context,
  network: NetworkResult,
  partial: CacheEntry | undefined,
  fwd: CacheStatusParams['fwd'],
  abort: () => void,
): Response {
  const { engine, request } = ctx;
  const { response, snapshot: head } = network;
  const received = parseContentRange(headerValue(head.headers, 'content-range'));
  const length = received ? received.end - received.start + 1 : 0;
  const coding = response.headers.get('content-encoding')?.trim().toLowerCase();
  const expected = expectedBodyLength(response.headers);
  const storable =
    received !== null &&
    storability(ctx.snapshot, head, response.type).storable &&
    // A content-coded 206 counts bytes of the coding, which fetch decodes: not ours to place.
    (coding === undefined || coding === 'identity') &&
    (expected === undefined || expected === length) &&
    length <= engine.options.maxEntryBytes;
  const status: CacheStatusParams = { fwd, fwdStatus: 206, stored: storable };
  const header = engine.options.cacheStatus ? formatCacheStatus(status) : undefined;
  if (!storable || received === null) return withCacheStatus(response, header);
  const segment: ByteRange = { start: received.start, end: received.end };
  const incoming = {
    ...toStoredResponse({
      request: ctx.lookup.snapshot,
      response: head,
      statusText: response.statusText,
      url: response.url || request.url,
      redirected: response.redirected,
      varyReadable: !(response.type === 'cors' && !response.headers.has('vary')),
    }),
    type: response.type,
    partial: { completeLength: received.completeLength, segments: [segment] },
  };
  const broadcast = new BodyBroadcast(response.body, {
    expectedLength: length,
    maxBytes: engine.options.maxEntryBytes,
    onAbandoned: abort,
  });
  void broadcast.complete
    .then((body) => {
      if (body !== null) {
        return storePartialContent(engine, ctx.lookup, partial, incoming, head, body);
      }
    })
    .catch((error: unknown) => {
      engine.events.emit('error', { error, operation: 'store-partial', url: request.url });
    });
  return withCacheStatus(response, header, broadcast.subscribe(request.signal));
}
