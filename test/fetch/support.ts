// msw-backed origin for the unit project: script responses per path, and see what the origin got.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CachedFetchOptions } from '../../src/fetch/context/options';
import { createCachedFetch } from '../../src/index';
import type { CacheEntry, LookupResult, StoredBody } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { type Clock, fixedClock } from '../clock';

export const ORIGIN = 'https://api.test';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | null;
  /** Throw a network error instead of answering. */
  networkError?: boolean;
}

/** A scripted origin: `reply(path, ...)` queues replies (the last repeats); `seen` records requests. */
export interface MockOrigin {
  reply(
    path: string,
    ...replies: Array<Reply | ((request: Request) => Reply | Promise<Reply>)>
  ): void;
  /** Requests the origin received for a path (all paths when omitted). */
  seen(path?: string): Request[];
  /**
   * Resolves once the origin has received `count` requests for `path`: for a test that acts while
   * a request is in flight (a reply held open, an abort), where `cache.settled()` has nothing to
   * wait for yet.
   */
  arrived(path: string, count?: number): Promise<void>;
}

const server = setupServer();
const scripts = new Map<string, Array<Reply | ((request: Request) => Reply | Promise<Reply>)>>();
const seenRequests: Request[] = [];
const arrivals = new Set<() => void>();

function seen(path?: string): Request[] {
  return seenRequests.filter((r) => path === undefined || new URL(r.url).pathname === path);
}

export function useMockOrigin(): MockOrigin {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    scripts.clear();
    seenRequests.length = 0;
    arrivals.clear();
  });
  afterAll(() => server.close());
  return {
    reply(path, ...replies) {
      scripts.set(path, replies);
      server.use(
        http.all(path.startsWith('http') ? path : `${ORIGIN}${path}`, async ({ request }) => {
          seenRequests.push(request.clone());
          for (const check of arrivals) check();
          const queue = scripts.get(path)!;
          const next = queue.length > 1 ? queue.shift()! : queue[0]!;
          const reply = typeof next === 'function' ? await next(request) : next;
          if (reply.networkError) return HttpResponse.error();
          return new HttpResponse(reply.body ?? null, {
            status: reply.status ?? 200,
            headers: reply.headers,
          });
        }),
      );
    },
    seen,
    arrived(path, count = 1) {
      return new Promise((resolve) => {
        const check = () => {
          if (seen(path).length < count) return;
          arrivals.delete(check);
          resolve();
        };
        arrivals.add(check);
        check();
      });
    },
  };
}

/** A promise the test opens by hand: holds an origin reply (or a store call) until the test says so. */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

export { type Clock, fixedClock } from '../clock';

/** An origin reply that waits until `release` is called with what to answer. */
export function heldReply() {
  let release!: (reply: Reply) => void;
  const held = new Promise<Reply>((resolve) => {
    release = resolve;
  });
  return { reply: () => held, release };
}

/**
 * The memory tier as these tests run it: on by default, off with `CACHED_FETCH_MEMORY=off` in the
 * environment (every behaviour must hold either way).
 */
export const memoryOption: Pick<CachedFetchOptions, 'memory'> =
  process.env.CACHED_FETCH_MEMORY === 'off' ? { memory: false } : {};

/** A cached fetch on a MemoryStore, a fixed clock and msw's fetch (looked up at call time). */
export function makeCachedFetch(options: CachedFetchOptions & { clock?: Clock } = {}) {
  const { clock = fixedClock(), ...rest } = options;
  const cf = createCachedFetch({
    store: new MemoryStore(),
    fetch: (input, init) => globalThis.fetch(input, init),
    now: clock.now,
    crossTab: false,
    ...memoryOption,
    ...rest,
  });
  return Object.assign(cf, { clock });
}

/**
 * Waits for another instance (a tab, a worker) to have heard what this one said on the
 * BroadcastChannel and acted on it: a delivery between instances, which no `cache.settled()` of
 * the sender covers (hello and answer between instances are two deliveries).
 */
export function untilOtherTabsHeard(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** An IndexedDBStore (schema v4: a lookup reads the bodies beside the metadata) counting its reads. */
export class ReadCountingStore extends IndexedDBStore {
  readonly reads: string[] = [];
  override lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    this.reads.push('lookup');
    return super.lookup(key, choose);
  }
  override getBody(id: string): Promise<StoredBody | undefined> {
    this.reads.push('getBody');
    return super.getBody(id);
  }
}
