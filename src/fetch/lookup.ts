// The path of a cacheable GET/HEAD: look up, then hit, revalidate, or go to the network.
import { decideReuse } from '../policy/reuse';
import { selectVariant } from '../policy/vary';
import type { CacheEntry } from '../store/cache-store';
import { admit } from './admit';
import type { Engine, Lookup } from './engine';
import { fetchFromNetwork } from './network';
import type { Outcome } from './outcome';
import { revalidate } from './revalidate';
import { serveHit } from './serve-stored';

/** What `only-if-cached` gives when nothing usable is stored. */
function notCached(lookup: Lookup): Outcome {
  // Fetch: mode only-if-cached with nothing stored is a network error.
  if (lookup.onlyIfCached === 'mode')
    throw new TypeError('Failed to fetch: only-if-cached and nothing is stored');
  // RFC 9111 §5.2.1.7: the request directive is answered with 504 (Gateway Timeout).
  return {
    kind: 'synthetic',
    response: new Response(null, { status: 504, statusText: 'Gateway Timeout' }),
  };
}

export async function resolveCacheable(
  engine: Engine,
  lookup: Lookup,
  signal: AbortSignal,
  release: () => void,
): Promise<Outcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const abort = () => controller.abort();
  const hooks = { abort, release };

  const variants = lookup.readStored
    ? await engine.storage.variants(lookup.key, lookup.request.url)
    : [];
  const selected = selectVariant(variants, lookup.snapshot);
  if (!selected) {
    if (lookup.onlyIfCached) return notCached(lookup);
    const reason = !lookup.readStored ? 'reload' : variants.length > 0 ? 'vary-miss' : 'uri-miss';
    engine.events.emit('miss', { url: lookup.request.url, reason });
    const network = await fetchFromNetwork(engine.options, lookup.request, [], controller.signal);
    return admit(engine, lookup, network, { fwd: reason === 'reload' ? 'request' : reason }, hooks);
  }

  const now = engine.options.now();
  const decision = decideReuse(selected.response, lookup.snapshot, now);
  switch (decision.kind) {
    case 'fresh':
    case 'stale-allowed': {
      const hit = await serveHit(
        engine,
        lookup,
        selected,
        decision.ageMs,
        decision.kind === 'stale-allowed' ? decision.why : undefined,
      );
      if (hit) return finish(hit, release);
      break;
    }
    case 'stale-while-revalidate': {
      const hit = await serveHit(
        engine,
        lookup,
        selected,
        decision.ageMs,
        'stale-while-revalidate',
      );
      if (hit) {
        revalidateInBackground(engine, lookup, selected, variants);
        return finish(hit, release);
      }
      break;
    }
    case 'revalidate':
      if (lookup.onlyIfCached) return notCached(lookup);
      return engine.tabs.exclusive(
        `revalidate:${lookup.key}`,
        controller.signal,
        async (waited) => {
          if (waited) {
            // Another tab revalidated while we waited: what it stored may now be fresh.
            const fresh = await freshFromStore(engine, lookup);
            if (fresh) return finish(fresh, release);
          }
          // RFC 9211 §2.2: `stale` when the stored response itself asks for validation (expired, or
          // its own no-cache); `request` when the request's directives or mode did.
          const fwd = decision.why === 'stale' || decision.why === 'no-cache' ? 'stale' : 'request';
          return revalidate({
            engine,
            lookup,
            selected,
            variants,
            fwd,
            signal: controller.signal,
            abort,
            release,
            background: false,
          });
        },
      );
  }
  // The stored body was missing: fetch it whole.
  const network = await fetchFromNetwork(engine.options, lookup.request, [], controller.signal);
  return admit(engine, lookup, network, { fwd: 'uri-miss', detail: 'body-missing' }, hooks);
}

function finish(outcome: Outcome, release: () => void): Outcome {
  release();
  return outcome;
}

async function freshFromStore(engine: Engine, lookup: Lookup): Promise<Outcome | undefined> {
  const variants = await engine.storage.variants(lookup.key, lookup.request.url);
  const selected = selectVariant(variants, lookup.snapshot);
  if (!selected) return undefined;
  const decision = decideReuse(selected.response, lookup.snapshot, engine.options.now());
  if (decision.kind !== 'fresh') return undefined;
  return serveHit(engine, lookup, selected, decision.ageMs);
}

/**
 * RFC 5861 §3: serve stale now, revalidate in the background, one revalidation per key at a time
 * in this tab and, with Web Locks, across tabs. Failures go to the `error` event.
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
    const outcome = await revalidate({
      engine,
      lookup,
      selected,
      variants,
      fwd: 'stale',
      signal: controller.signal,
      abort: () => controller.abort(),
      release: () => {},
      background: true,
    });
    // Nobody reads this body: let the broadcast store it, or discard it.
    if (outcome.kind === 'stream') await outcome.broadcast.complete;
    if (outcome.kind === 'direct') void outcome.response.body?.cancel().catch(() => {});
  };
  engine.tabs
    .ifAvailable(`background:${lookup.key}`, run)
    .catch((error: unknown) =>
      engine.events.emit('error', {
        error,
        operation: 'background-revalidation',
        url: lookup.request.url,
      }),
    )
    .finally(() => engine.backgroundRevalidations.delete(lookup.key));
}
