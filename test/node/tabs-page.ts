// The script of the pages that the tabs-* tests open in each engine (bundled with esbuild, with
// src/index.ts): a `window.harness` that the engine driver (test/engines/) calls with evaluate.
// Everything it returns is plain data, so it crosses the page boundary intact.
import {
  type CachedFetch,
  type CacheEventType,
  createCachedFetch,
  IndexedDBStore,
  MemoryStore,
} from '../../src/index';

export interface OpenOptions {
  /** IndexedDB database name; without it, a MemoryStore (per page). */
  dbName?: string;
  crossTab?: boolean;
  offline?: 'error' | 'stale';
  memory?: false;
  maxEntries?: number;
  /** The outbox option (issue 22). */
  outbox?: boolean;
}

export interface FetchInit {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  cache?: RequestCache;
}

export interface FetchSummary {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  url: string;
}

export type FetchResult =
  | { ok: true; response: FetchSummary }
  | { ok: false; error: { name: string; message: string; typeError: boolean } };

export interface RecordedEvent {
  type: CacheEventType;
  detail: Record<string, unknown>;
}

const eventTypes: CacheEventType[] = [
  'hit',
  'miss',
  'revalidated',
  'updated',
  'stored',
  'evicted',
  'invalidated',
  'cleared',
  'error',
];

const caches = new Map<string, CachedFetch>();
/** Every cross-tab message this page received (after the caches' own channels, which open first). */
const tabMessages: unknown[] = [];
let listener: BroadcastChannel | undefined;
const events = new Map<string, RecordedEvent[]>();
const reads = new Map<
  string,
  { reader: ReadableStreamDefaultReader<Uint8Array>; controller: AbortController; bytes: number }
>();
let readCounter = 0;

function plain(detail: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(detail)) {
    if (value instanceof Headers) out[name] = Object.fromEntries(value);
    else if (value instanceof Error) out[name] = `${value.name}: ${value.message}`;
    else out[name] = value;
  }
  return out;
}

function cacheOf(id: string): CachedFetch {
  const cachedFetch = caches.get(id);
  if (!cachedFetch) throw new Error(`no cache "${id}" opened in this page`);
  return cachedFetch;
}

function failure(error: unknown): FetchResult {
  const e = error as { name?: string; message?: string };
  return {
    ok: false,
    error: {
      name: String(e?.name),
      message: String(e?.message),
      typeError: error instanceof TypeError,
    },
  };
}

function waitFor(id: string, type: CacheEventType, from: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if ((events.get(id) ?? []).slice(from).some((event) => event.type === type)) resolve();
      else setTimeout(check, 5);
    };
    check();
  });
}

export const harness = {
  /** Creates the cached fetch `id` in this page. */
  open(id: string, options: OpenOptions = {}): void {
    const cachedFetch = createCachedFetch({
      store: options.dbName ? new IndexedDBStore({ name: options.dbName }) : new MemoryStore(),
      crossTab: options.crossTab ?? false,
      offline: options.offline ?? 'error',
      warnings: false,
      ...(options.memory === false ? { memory: false } : {}),
      ...(options.maxEntries ? { maxEntries: options.maxEntries } : {}),
      ...(options.outbox ? { outbox: true } : {}),
    });
    const recorded: RecordedEvent[] = [];
    for (const type of eventTypes) {
      cachedFetch.cache.addEventListener(type, (detail) =>
        recorded.push({ type, detail: plain(detail) }),
      );
    }
    caches.set(id, cachedFetch);
    events.set(id, recorded);
  },

  /** Fetches and reads the whole body; with `waitStored`, also waits until it was written. */
  async fetch(
    id: string,
    url: string,
    init: FetchInit = {},
    waitStored = false,
  ): Promise<FetchResult> {
    const cachedFetch = cacheOf(id);
    const from = events.get(id)?.length ?? 0;
    try {
      const response = await cachedFetch(url, init);
      const body = await response.text();
      if (waitStored) await waitFor(id, 'stored', from);
      return {
        ok: true,
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: Object.fromEntries(response.headers),
          body,
          url: response.url,
        },
      };
    } catch (error) {
      return failure(error);
    }
  },

  /** Starts a GET and reads its first chunk; returns a handle for `readRest` / `abortRead`. */
  async startRead(
    id: string,
    url: string,
  ): Promise<{ handle: string; status: number; bytes: number }> {
    const controller = new AbortController();
    const response = await cacheOf(id)(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    const handle = `read-${++readCounter}`;
    const bytes = first.value?.byteLength ?? 0;
    reads.set(handle, { reader, controller, bytes });
    return { handle, status: response.status, bytes };
  },

  /** Reads the rest of a started body; resolves to the total length, or the error's name. */
  async readRest(handle: string): Promise<{ bytes: number } | { error: string }> {
    const read = reads.get(handle)!;
    try {
      for (;;) {
        const { done, value } = await read.reader.read();
        if (done) return { bytes: read.bytes };
        read.bytes += value.byteLength;
      }
    } catch (error) {
      return { error: String((error as Error)?.name) };
    }
  },

  /** Aborts a started read and reads once more: resolves to what that read rejected with. */
  async abortRead(handle: string): Promise<string> {
    const read = reads.get(handle)!;
    read.controller.abort();
    try {
      await read.reader.read();
      return 'no error';
    } catch (error) {
      return String((error as Error)?.name);
    }
  },

  /** Starts recording the cross-tab messages this page receives; open the caches first. */
  listenToTabs(): void {
    listener ??= new BroadcastChannel('cached-fetch');
    listener.onmessage = (event) => tabMessages.push(event.data);
  },

  /** The cross-tab messages received since `listenToTabs`. */
  tabMessages(): unknown[] {
    return tabMessages;
  },

  async clear(id: string): Promise<number> {
    return cacheOf(id).cache.clear();
  },

  events(id: string): RecordedEvent[] {
    return events.get(id) ?? [];
  },

  async stats(id: string): Promise<{ entries: number; bytes: number }> {
    const { entries, bytes } = await cacheOf(id).cache.stats();
    return { entries, bytes };
  },

  /** `cache.outbox.flush()` then `cache.settled()`; resolves to what is left in the outbox. */
  async outboxFlush(id: string): Promise<Array<{ id: string; state: string; attempts: number }>> {
    const cachedFetch = cacheOf(id);
    await cachedFetch.cache.outbox!.flush();
    await cachedFetch.cache.settled();
    const left = await cachedFetch.cache.outbox!.list();
    return left.map(({ id, state, attempts }) => ({ id, state, attempts }));
  },

  async close(id: string): Promise<void> {
    await cacheOf(id).cache.close();
    caches.delete(id);
  },
};

export type Harness = typeof harness;

declare global {
  interface Window {
    harness: Harness;
    /** Uncaught errors and unhandled rejections since the page loaded (no engine-specific hooks). */
    pageErrors: string[];
    /** Set by a test before a reload, to prove the reload made a new realm. */
    beforeReload?: string;
  }
}

window.pageErrors = [];
addEventListener('error', (event) => window.pageErrors.push(String(event.message)));
addEventListener('unhandledrejection', (event) => window.pageErrors.push(String(event.reason)));

// `?no-locks`: a page without Web Locks (as in older engines), for the control experiments.
if (new URL(location.href).searchParams.has('no-locks')) {
  Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });
}

window.harness = harness;
