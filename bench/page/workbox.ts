// Workbox's CacheFirst with an ExpirationPlugin, run in the page instead of a service worker:
// its real code path (Cache Storage read + IndexedDB timestamp bookkeeping), no SW routing.
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheFirst } from 'workbox-strategies';
import { readFully } from './body.ts';
import type { Variant } from './sampler.ts';

type WorkerEvent = Extract<Parameters<CacheFirst['handle']>[0], { request: unknown }>['event'];

/** Outside a service worker there is no FetchEvent: this collects what Workbox waits for. */
function pageEvent(pending: Promise<unknown>[]): WorkerEvent {
  return {
    waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
  } as unknown as WorkerEvent;
}

/** `Strategy.handleAll` tests `options instanceof FetchEvent`, a global only workers have. */
function standInForFetchEvent(): void {
  const scope = globalThis as { FetchEvent?: unknown };
  scope.FetchEvent ??= class FetchEventStandIn {};
}

export function workboxHitVariant(url: string, bytes: number): Variant {
  standInForFetchEvent();
  const pending: Promise<unknown>[] = [];
  const strategy = new CacheFirst({
    cacheName: 'bench-workbox',
    plugins: [new ExpirationPlugin({ maxEntries: 1000, maxAgeSeconds: 3600 })],
  });
  const handle = async () => {
    const [response, done] = strategy.handleAll({
      request: new Request(url),
      event: pageEvent(pending),
    });
    const res = await response;
    return { res, done };
  };
  return {
    name: 'Workbox CacheFirst + ExpirationPlugin (in page)',
    note: 'run in the page, not a service worker (no routing, no SW hop)',
    hitPrefix: url,
    prepare: async () => {
      const { res, done } = await handle();
      await readFully(res, bytes, 'prime');
      await done;
      await Promise.all(pending.splice(0));
    },
    run: async () => readFully((await handle()).res, bytes, 'Workbox'),
    // Its timestamp update runs after the response; do not let it pile up into the next sample.
    settle: async () => {
      await Promise.all(pending.splice(0));
    },
  };
}
