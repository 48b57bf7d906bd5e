// The path of a cacheable GET/HEAD: look up, then hit, revalidate, or go to the network.
import { formatCacheStatus } from '../policy/cache-status';
import { decideReuse, type ReuseDecision } from '../policy/reuse';
import { selectVariant } from '../policy/vary';
import type { CacheEntry, StoredBody } from '../store/cache-store';
import { linkedController } from './abort';
import { fetchAndAdmit } from './admission';
import type { Engine, Lookup } from './engine';
import { lazyModule } from './lazy-module';
import type { Outcome } from './outcome';
import { serveHit } from './serve-stored';

/**
 * The revalidation path (conditional requests, 304 freshening, stale-if-error, background
 * revalidation) loads with import() after a page's first lookup, and is kept: a page pays for it
 * only once it has made a request, and no revalidation waits for it once loaded.
 */
const revalidation = lazyModule(() => import('./revalidate'));

/** What `only-if-cached` gives when nothing usable is stored. */
export function notCached(engine: Engine, lookup: Lookup): Outcome {
  // Fetch: mode only-if-cached with nothing stored is a network error.
  if (lookup.onlyIfCached === 'mode') {
    throw new TypeError('Failed to fetch: only-if-cached and nothing usable is stored');
  }
  // RFC 9111 §5.2.1.7: the request directive is answered with 504 (Gateway Timeout).
  const headers = new Headers();
  if (engine.options.cacheStatus) {
    headers.set('cache-status', formatCacheStatus({ detail: 'only-if-cached' }));
  }
  return {
    kind: 'synthetic',
    response: new Response(null, { status: 504, statusText: 'Gateway Timeout', headers }),
  };
}

/**
 * Resolves one cacheable request. `signal` aborts when every caller sharing it has gone; the
 * network request also stops when every reader of its body has gone.
 */
export async function resolveCacheable(
  engine: Engine,
  lookup: Lookup,
  signal: AbortSignal,
): Promise<Outcome> {
  // The flight's signal is internal and lives as long as this work: no need to unlink.
  const { controller } = linkedController(signal);
  const abort = () => controller.abort();

  const now = engine.options.now();
  const { variants, body }: { variants: CacheEntry[]; body?: StoredBody | undefined } =
    lookup.readStored
      ? await engine.storage.lookup(lookup.key, lookup.request.url, bodyToRead(lookup, now))
      : { variants: [] };
  // Fetched now, beside this request, so that a later revalidation (offline too) finds it loaded.
  if (!revalidation.loaded) revalidation.load().catch(() => {});
  const { selected, decision } = reuseOf(variants, lookup, now);
  if (!selected || !decision) {
    if (lookup.onlyIfCached) return notCached(engine, lookup);
    const reason = !lookup.readStored ? 'reload' : variants.length > 0 ? 'vary-miss' : 'uri-miss';
    engine.events.emit('miss', { url: lookup.request.url, reason });
    const fwd = reason === 'reload' ? 'request' : reason;
    return fetchAndAdmit(engine, lookup, { fwd }, controller.signal, abort);
  }

  if (decision.kind === 'revalidate') {
    const loaded = revalidation.loaded ?? (await revalidation.load());
    const lock = `revalidate:${lookup.key}`;
    return loaded.exclusive(engine.tabs, lock, controller.signal, async (waited) => {
      if (waited) {
        // Another tab revalidated while we waited: what it stored may now be fresh (and its
        // message saying so may not have arrived yet: read the store, not this tab's memory).
        engine.storage.forget([lookup.key]);
        const fresh = await freshFromStore(engine, lookup);
        if (fresh) return fresh;
      }
      // RFC 9211 §2.2: `stale` when the stored response itself asks for validation (expired, or
      // its own no-cache); `request` when the request's directives or mode did.
      const fwd = decision.why === 'stale' || decision.why === 'no-cache' ? 'stale' : 'request';
      const signal = controller.signal;
      return loaded.revalidate({
        engine,
        lookup,
        selected,
        variants,
        fwd,
        signal,
        abort,
        background: false,
      });
    });
  }

  const detail =
    decision.kind === 'fresh'
      ? undefined
      : decision.kind === 'stale-allowed'
        ? decision.why
        : decision.kind;
  // The read brought the body along (body ?? null: it was looked for, and is gone if missing).
  const hit = await serveHit(engine, lookup, selected, decision.ageMs, detail, body ?? null);
  if (hit) {
    if (decision.kind === 'stale-while-revalidate') {
      revalidateInBackground(engine, lookup, selected, variants);
    }
    return hit;
  }
  // The stored body is gone (evicted, or storage failed).
  if (lookup.onlyIfCached) return notCached(engine, lookup);
  const status = { fwd: 'uri-miss', detail: 'body-missing' } as const;
  return fetchAndAdmit(engine, lookup, status, controller.signal, abort);
}

/**
 * The stored variant that may answer this request (RFC 9111 §4.1) and what reusing it takes
 * (§4.2, §4.3): a pure function of what the store returned, at `now`.
 */
function reuseOf(
  variants: CacheEntry[],
  lookup: Lookup,
  now: number,
): { selected?: CacheEntry | undefined; decision?: ReuseDecision | undefined } {
  const selected = selectVariant(variants, lookup.snapshot);
  return { selected, decision: selected && decideReuse(selected.response, lookup.snapshot, now) };
}

/**
 * The `choose` a lookup hands the store: the variant whose body will be served, so the store reads
 * it in the same transaction and a hit costs one. The lookup decides again on the variants the
 * store returns (`reuseOf` is pure: same variants, same `now`, same answer).
 */
function bodyToRead(lookup: Lookup, now: number) {
  return (variants: CacheEntry[]): CacheEntry | undefined => {
    const { selected, decision } = reuseOf(variants, lookup, now);
    const served = decision && decision.kind !== 'revalidate' && lookup.snapshot.method !== 'HEAD';
    return served ? selected : undefined;
  };
}

/** After waiting for another tab's revalidation: what it stored, if that is fresh now. */
async function freshFromStore(engine: Engine, lookup: Lookup): Promise<Outcome | undefined> {
  const now = engine.options.now();
  const { variants, body } = await engine.storage.lookup(
    lookup.key,
    lookup.request.url,
    bodyToRead(lookup, now),
  );
  const { selected, decision } = reuseOf(variants, lookup, now);
  if (!selected || decision?.kind !== 'fresh') return undefined;
  return serveHit(engine, lookup, selected, decision.ageMs, undefined, body ?? null);
}

/**
 * RFC 5861 §3: serve stale now, revalidate in the background, one revalidation per key at a time
 * in this tab and, with Web Locks, across tabs. Failures go to the `error` event (pitfall 6).
 */
function revalidateInBackground(
  engine: Engine,
  lookup: Lookup,
  selected: CacheEntry,
  variants: CacheEntry[],
): void {
  if (engine.backgroundRevalidations.has(lookup.key)) return;
  engine.backgroundRevalidations.add(lookup.key);
  const controller = new AbortController();
  const run = async () => {
    const loaded = revalidation.loaded ?? (await revalidation.load());
    // Nobody reads this body: the broadcast stores it, or it is discarded.
    await loaded.ifAvailable(engine.tabs, `background:${lookup.key}`, () =>
      loaded.revalidateInBackground({
        engine,
        lookup,
        selected,
        variants,
        fwd: 'stale',
        signal: controller.signal,
        abort: () => controller.abort(),
        background: true,
      }),
    );
  };
  const work = run()
    .catch((error: unknown) =>
      engine.events.emit('error', {
        error,
        operation: 'background-revalidation',
        url: lookup.request.url,
      }),
    )
    .finally(() => engine.backgroundRevalidations.delete(lookup.key));
  engine.background.track(work);
}
