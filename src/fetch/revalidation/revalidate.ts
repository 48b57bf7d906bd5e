// Revalidation (RFC 9111 §4.3): a conditional request for a stored response; a 304 freshens it,
// a new response replaces it, a failure may be answered with the stale one.
import { conditionalHeaders } from '../../policy/conditional';
import { freshenedResponse, headUpdate, withCredentialsOf } from '../../policy/freshen';
import type { HeaderList, ResponseSnapshot, StoredResponse } from '../../policy/snapshot';
import { errorStatuses, maxStaleAllows } from '../../policy/stale-on-error';
import { matchingVariants } from '../../policy/vary';
import { type CacheEntry, type StoredBody, storedBodyBytes } from '../../store/cache-store';
import { admit } from '../cacheable/admit';
import { forgetRefused } from '../cacheable/forget-refused';
import { fromStore, hitAction } from '../cacheable/from-store';
import { readStored } from '../cacheable/read-stored';
import type { CacheableRequest, Engine } from '../context/engine';
import { exclusive, ifAvailable } from '../coordination/web-locks';
import { fetchFromNetwork, type NetworkResult } from '../network/network';
import { validatorsCostNothing } from '../network/validators-cost';
import { type CacheAction, reportAction } from '../response/cache-action';
import type { Outcome } from '../response/outcome';
import { updateStored } from '../storage/store-calls';
import { drain } from './drain';
import { freshenStored } from './freshen-stored';
import { headWithin, settleInBackground } from './network-timeout';
import { staleFallback, standInReason } from './stale-fallback';

export interface RevalidationContext {
  engine: Engine;
  cacheable: CacheableRequest;
  selected: CacheEntry;
  variants: CacheEntry[];
  /** `stale` when the stored response expired, `request` when the request asked for validation. */
  fwd: 'stale' | 'request';
  signal: AbortSignal;
  abort: () => void;
  /** A stale-while-revalidate refresh: nobody waits for the body, failures are reported. */
  background: boolean;
  /** The conditional request, already sent (it outlived `networkTimeout`). */
  pending?: Promise<NetworkResult>;
  /** `selected`'s body as the read brought it (null: gone, or nobody serves it). */
  body: StoredBody | null;
}

/**
 * Validators go on a cross-origin request only when it needs a preflight anyway or the user
 * opted in for that origin: else they would add one (docs/pitfalls.md #2; docs/decisions/0001-cross-origin.md).
 */
function validatorsFor(ctx: RevalidationContext): HeaderList {
  const { cacheable, engine } = ctx;
  const { revalidatesCrossOrigin } = engine.options;
  if (
    !validatorsCostNothing(
      cacheable.request.url,
      cacheable.snapshot.headers,
      revalidatesCrossOrigin,
    )
  ) {
    return [];
  }
  return conditionalHeaders(
    ctx.selected.response,
    ctx.variants.map((variant) => variant.response),
  );
}

/**
 * RFC 9111 §4.3: the stored response must be validated before use. One revalidation per key at a
 * time across tabs (Web Locks, docs/pitfalls.md #12): a tab that waited for another's uses what that one
 * stored when it is fresh now (and its message saying so may not have arrived yet: the store is
 * read, not this tab's memory).
 */
export function validate(ctx: RevalidationContext): Promise<Outcome> {
  const { engine, cacheable } = ctx;
  return exclusive(engine.tabs, `revalidate:${cacheable.key}`, ctx.signal, async (waited) => {
    if (waited) {
      engine.storage.forget([cacheable.key]);
      const { selected, decision, body } = await readStored(engine, cacheable);
      const fresh =
        selected &&
        decision?.kind === 'fresh' &&
        (await fromStore(
          engine,
          cacheable,
          selected,
          selected.response,
          hitAction(selected, decision),
          body ?? null,
        ));
      if (fresh) return fresh;
    }
    return revalidate(ctx);
  });
}

/**
 * The stored body a 304 will need, made ready beside the round trip, not after it: as the
 * read brought it, and a Blob's bytes read too, so that the caller reads them from
 * memory once the 304 is in (a Blob-backed Response is read from the browser's blob store, about
 * 4 ms a megabyte in Chromium: bench). An unreadable Blob is reported and counts as a body gone:
 * the whole response is then asked for.
 */
async function storedBytes(ctx: RevalidationContext): Promise<ArrayBuffer | undefined> {
  try {
    return ctx.body ? await storedBodyBytes(ctx.body) : undefined;
  } catch (error) {
    ctx.engine.events.emit('error', {
      error,
      operation: 'getBody',
      url: ctx.cacheable.request.url,
    });
    return undefined;
  }
}

export async function revalidate(ctx: RevalidationContext): Promise<Outcome> {
  const { engine, cacheable, selected, signal } = ctx;
  const validators = validatorsFor(ctx);
  // Without validators no 304 can come (and in the background, or for HEAD, no body is served).
  const servesBody =
    validators.length > 0 && !ctx.background && cacheable.snapshot.method !== 'HEAD';
  const body = servesBody ? storedBytes(ctx) : undefined;
  let network: NetworkResult;
  try {
    const pending = ctx.pending ?? fetchFromNetwork(engine.options, cacheable, validators, signal);
    const timeoutMs = engine.options.networkTimeout;
    // A slow origin is no error: a caller who asked for validation (mode no-cache, request
    // no-cache, max-age, min-fresh) waits for it, whatever stale-if-error would allow, unless its
    // own max-stale accepts the stored response (RFC 9111 §5.2.1.2).
    const callerAccepts =
      ctx.fwd === 'stale' ||
      maxStaleAllows(selected.response, cacheable.snapshot, engine.options.now());
    const mayTimeOut =
      timeoutMs !== undefined &&
      !ctx.background &&
      callerAccepts &&
      standInReason(engine, cacheable, selected, { timeout: true }) !== undefined;
    const head = mayTimeOut ? await headWithin(pending, timeoutMs) : await pending;
    if (head === undefined) {
      const stale = await staleFallback(engine, cacheable, selected, { timeout: true });
      if (stale) {
        // The request that outlived `networkTimeout` goes on: a 304 freshens, a new response is stored.
        track(ctx, inBackground({ ...ctx, pending, background: true }));
        return stale;
      }
    }
    network = head ?? (await pending);
  } catch (error) {
    // In the background the caller already has the stale response: let the failure be reported.
    if (signal.aborted || ctx.background) throw error;
    const stale = await staleFallback(engine, cacheable, selected, {});
    if (stale) return stale;
    throw error;
  }

  const { status } = network.snapshot;
  if (status === 304) return notModified(ctx, network, body);
  if (errorStatuses.has(status) && !ctx.background) {
    const stale = await staleFallback(engine, cacheable, selected, { status });
    if (stale) {
      // Read to its end (within a bound), not cancelled, so DevTools shows no failed request.
      // Not awaited: the caller has its stored response now.
      void drain(network.response);
      return stale;
    }
  }
  if (cacheable.snapshot.method === 'HEAD') await applyHeadResponse(ctx, network.snapshot);
  // Any other reply is a new response: it replaces the stored one if storable (§4.3.3).
  let changed = true;
  let headers: Headers | undefined;
  return admit(engine, cacheable, network, { kind: 'replaced', fwd: ctx.fwd }, ctx.abort, {
    beforeStore: async (stored, body) => {
      headers = new Headers(stored.headers);
      changed = await differs(ctx, stored, body);
    },
    onStored: () => {
      if (changed && headers) {
        engine.events.emit('updated', {
          url: cacheable.request.url,
          headers,
          background: ctx.background,
        });
      }
    },
  });
}

/** What a background revalidation needs from the flow. */
export type StaleContext = Pick<
  RevalidationContext,
  'engine' | 'cacheable' | 'selected' | 'variants'
>;

/**
 * RFC 5861 §3: the stale response was served; revalidate it in the background, one revalidation
 * per key at a time in this tab and, with Web Locks, across tabs. Nobody reads the new body: the
 * broadcast stores it, or it is discarded.
 */
export function refreshStale(ctx: StaleContext): void {
  const { engine, cacheable } = ctx;
  const { key } = cacheable;
  if (engine.backgroundRevalidations.has(key)) return;
  engine.backgroundRevalidations.add(key);
  const controller = new AbortController();
  const { signal } = controller;
  const abort = () => controller.abort();
  const work = ifAvailable(engine.tabs, `background:${key}`, () =>
    inBackground({ ...ctx, fwd: 'stale', signal, abort, background: true, body: null }),
  );
  track(
    ctx,
    work.finally(() => engine.backgroundRevalidations.delete(key)),
  );
}

/**
 * What a revalidation nobody waits for did, once its outcome is done with; rejects for a server
 * error, which left the stale response in place, so that it is reported (see settleInBackground).
 */
async function inBackground(ctx: RevalidationContext): Promise<CacheAction> {
  const outcome = await revalidate(ctx);
  await settleInBackground(outcome);
  return outcome.action;
}

/** Background work: `cache.settled()` waits for it; what it did is told, a failure reported (docs/pitfalls.md #6). */
function track(ctx: StaleContext, work: Promise<CacheAction | undefined>): void {
  const { engine } = ctx;
  const url = ctx.cacheable.request.url;
  engine.background.track(
    work.then(
      (action) => action && reportAction(engine.events, url, action),
      (error: unknown) =>
        engine.events.emit('error', { error, operation: 'background-revalidation', url }),
    ),
  );
}

/** RFC 9111 §4.3.4: freshen the stored responses the 304 selects (./freshen-stored), serve one as a 200. */
async function notModified(
  ctx: RevalidationContext,
  network: NetworkResult,
  /** The selected response's body, read during the round trip. */
  body: Promise<StoredBody | undefined> | undefined,
): Promise<Outcome> {
  const { engine, cacheable, selected, variants } = ctx;
  const freshened = freshenStored(engine, cacheable, variants, selected, network);
  // The 304 matches nothing we hold (§4.3.4 leaves us no response to use).
  if (freshened === undefined) return refetchWhole(ctx);
  const { served, response, refused } = freshened;
  const action: CacheAction = {
    kind: 'not-modified',
    fwd: ctx.fwd,
    fwdStatus: 304,
    background: ctx.background,
  };
  // In the background nobody reads the body: freshening the metadata is all there is to do.
  const preloaded = served === selected && body ? ((await body) ?? null) : undefined;
  const outcome: Outcome | undefined = ctx.background
    ? { kind: 'stored', stored: response, body: null, action }
    : await fromStore(engine, cacheable, served, response, action, preloaded);
  // After the body was read for this caller (its bytes are taken before the delete).
  if (refused) forgetRefused(engine, cacheable);
  if (outcome) return outcome;
  // The body vanished (evicted, storage failure).
  return refetchWhole(ctx);
}

/** Asks again without validators, when a 304 cannot be used. */
async function refetchWhole(ctx: RevalidationContext): Promise<Outcome> {
  const { engine, cacheable } = ctx;
  const network = await fetchFromNetwork(engine.options, cacheable, [], ctx.signal);
  return admit(engine, cacheable, network, { kind: 'replaced', fwd: ctx.fwd }, ctx.abort);
}

/**
 * RFC 9111 §4.3.5: a HEAD response (never stored itself) freshens the stored GET responses whose
 * validators it matches, and makes unusable those it shows to have changed.
 */
async function applyHeadResponse(ctx: RevalidationContext, head: ResponseSnapshot): Promise<void> {
  const { engine, cacheable, variants } = ctx;
  const { freshen, invalidate } = headUpdate(matchingVariants(variants, cacheable.snapshot), head);
  // As any invalidation: what was fetched before this HEAD must not be written after it.
  for (const entry of invalidate) engine.generations.invalidateKey(entry.key);
  // Fields a HEAD sent before an invalidation (decision 0025) or a clear must not freshen after it.
  const current = engine.generations.writable(
    cacheable.key,
    cacheable.partition,
    cacheable.generation,
  );
  await Promise.all([
    ...(current ? freshen : []).map((entry) =>
      updateStored(
        engine.storage,
        entry,
        withCredentialsOf(freshenedResponse(entry.response, head), cacheable.snapshot),
      ),
    ),
    ...invalidate.map((entry) => engine.storage.deleteKey(entry.key, entry.response.url)),
  ]);
}

/** Whether a new response differs from the stored one it replaces (body or validators, docs/pitfalls.md #6). */
async function differs(
  ctx: RevalidationContext,
  stored: StoredResponse,
  body: ArrayBuffer,
): Promise<boolean> {
  const { selected } = ctx;
  const before = selected.response.freshness;
  const after = stored.freshness;
  if (before.etag !== null || after.etag !== null) return before.etag !== after.etag;
  if (selected.bodySize !== body.byteLength) return true;
  if (before.lastModified !== null || after.lastModified !== null)
    return before.lastModified !== after.lastModified;
  const old = await ctx.engine.storage.body(selected);
  return old === undefined || !sameBytes(await storedBodyBytes(old), body);
}

function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
