// The script of the pages that the tabs-* tests open in each engine (bundled with esbuild, with
// src/index.ts): a `window.harness` that the engine driver (test/engines/) calls with evaluate.
// Everything it returns is plain data, so it crosses the page boundary intact.
import {
  type CachedFetch,
  type CacheEventType,
  createCachedFetch,
  type OutboxResult,
} from '../../src/index';
import { DEFAULT_DATABASE_NAME, earlyPending } from '../../src/store/open-early';
import { IndexedDBStore, MemoryStore } from '../../src/stores';
import { patternBytes } from '../origin/pattern-bytes';

export interface OpenOptions {
  /** IndexedDB database name; without it, a MemoryStore (per page). */
  dbName?: string;
  /** The default store (no `store` option): IndexedDB's `cached-fetch` database, read early. */
  defaultStore?: true;
  crossTab?: boolean;
  offline?: 'error' | 'stale';
  memory?: false;
  maxEntries?: number;
  /** Partition by the page's signed-in user (`harness.signIn`), as the README's logout recipe. */
  partitionByUser?: true;
  /** The outbox option (issue 22). */
  outbox?: boolean;
}

export interface FetchInit {
  method?: string;
  body?: string;
  /** A body made in the page, of a kind that cannot cross the driver (instead of `body`). */
  made?: MadeBody;
  headers?: Record<string, string>;
  cache?: RequestCache;
}

/** Bytes are `patternBytes(bytes)` (test/origin/pattern-bytes.ts), so the origin can check them. */
export type MadeBody =
  | { kind: 'form'; title: string; file: { name: string; type: string; bytes: number } }
  | { kind: 'blob'; type: string; bytes: number }
  | { kind: 'stream'; text: string };

function madeBody(made: MadeBody): { body: BodyInit; duplex?: 'half' } {
  switch (made.kind) {
    case 'form': {
      const form = new FormData();
      form.append('title', made.title);
      const { name, type, bytes } = made.file;
      form.append('file', new File([patternBytes(bytes)], name, { type }));
      return { body: form };
    }
    case 'blob':
      return { body: new Blob([patternBytes(made.bytes)], { type: made.type }) };
    case 'stream': {
      const bytes = new TextEncoder().encode(made.text);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      });
      return { body, duplex: 'half' };
    }
  }
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

/** result(id) promises started by `harness.outboxAwait`, by write id. */
const results = new Map<string, Promise<OutboxResult>>();

const eventTypes: CacheEventType[] = [
  'hit',
  'miss',
  'revalidated',
  'updated',
  'stored',
  'evicted',
  'invalidated',
  'cleared',
  'wiped',
  'error',
  'queued',
  'sent',
  'failed',
];

/** What a test calls in the frame (typed by hand: the harness's own type would be circular). */
interface FrameHarness {
  open(id: string, options?: OpenOptions): void;
  signIn(name: string): void;
  fetch(id: string, url: string, init?: FetchInit, waitStored?: boolean): Promise<FetchResult>;
}

const caches = new Map<string, CachedFetch>();
/** The page's signed-in user, for caches opened with `partitionByUser`. */
let user = 'anonymous';
/** Every cross-tab message this page received (after the caches' own channels, which open first). */
const tabMessages: unknown[] = [];
let listener: BroadcastChannel | undefined;
const events = new Map<string, RecordedEvent[]>();
/** Per cache on the default store: each request it sent, and whether the early open was under way. */
const sent = new Map<string, Array<{ url: string; whileOpening: boolean }>>();
/** Caches on the default store, created at their first use as the default instance is. */
const creators = new Map<string, () => void>();
const reads = new Map<
  string,
  { reader: ReadableStreamDefaultReader<Uint8Array>; controller: AbortController; bytes: number }
>();
let readCounter = 0;

function plain(detail: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(detail)) {
    if (value instanceof Headers) out[name] = Object.fromEntries(value);
    else if (value instanceof Response) out[name] = `Response ${value.status}`;
    else if (value instanceof Error) out[name] = `${value.name}: ${value.message}`;
    else out[name] = value;
  }
  return out;
}

function cacheOf(id: string): CachedFetch {
  if (!caches.has(id)) creators.get(id)?.();
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

export const harness = {
  /** Creates the cached fetch `id` in this page. */
  open(id: string, options: OpenOptions = {}): void {
    const requests: Array<{ url: string; whileOpening: boolean }> = [];
    sent.set(id, requests);
    caches.delete(id);
    // With the default store, as the exported cachedFetch: created (its database opened) by the
    // first call, whose request then follows at once, not a driver's round trip later.
    if (options.defaultStore) creators.set(id, () => this.create(id, options, requests));
    else this.create(id, options, requests);
  },

  create(
    id: string,
    options: OpenOptions,
    requests: Array<{ url: string; whileOpening: boolean }>,
  ): void {
    creators.delete(id);
    const cachedFetch = createCachedFetch({
      ...(!options.defaultStore && {
        store: options.dbName ? new IndexedDBStore({ name: options.dbName }) : new MemoryStore(),
      }),
      ...(options.defaultStore && {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => {
          const url = input instanceof Request ? input.url : String(input);
          requests.push({ url, whileOpening: earlyPending(DEFAULT_DATABASE_NAME) });
          return fetch(input, init);
        },
      }),
      crossTab: options.crossTab ?? false,
      offline: options.offline ?? 'error',
      warnings: false,
      ...(options.memory === false ? { memory: false } : {}),
      ...(options.maxEntries ? { maxEntries: options.maxEntries } : {}),
      ...(options.partitionByUser ? { partition: () => user } : {}),
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

  /** Fetches and reads the whole body; with `waitStored`, also waits until it was written (settled). */
  async fetch(
    id: string,
    url: string,
    init: FetchInit = {},
    waitStored = false,
  ): Promise<FetchResult> {
    const cachedFetch = cacheOf(id);
    try {
      const { made, ...rest } = init;
      const response = await cachedFetch(url, made ? { ...rest, ...madeBody(made) } : rest);
      const body = await response.text();
      if (waitStored) await cachedFetch.cache.settled();
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

  /** Awaits the Response only (its body unread): resolves to its status. */
  async send(id: string, url: string, init: FetchInit = {}): Promise<number> {
    return (await cacheOf(id)(url, init)).status;
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

  /** Clears everything, or one partition. */
  async clear(id: string, partition?: string): Promise<number> {
    const { cache } = cacheOf(id);
    return partition === undefined ? cache.clear() : cache.clear({ partition });
  },

  /** Who the page's app thinks is signed in (the partition of `partitionByUser` caches). */
  signIn(name: string): void {
    user = name;
  },

  /**
   * Opens this page's URL in a same-origin iframe (another document and realm, in the same
   * process in every engine) and waits for its harness: `frame()` then calls it directly, with no
   * task between this page's step and the frame's.
   */
  async openFrame(): Promise<void> {
    const iframe = document.createElement('iframe');
    iframe.src = location.href;
    const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve));
    document.body.append(iframe);
    await loaded;
  },

  /** The harness of the iframe `openFrame` opened. */
  frame(): FrameHarness {
    const frame = document.querySelector('iframe')?.contentWindow as {
      harness?: FrameHarness;
    } | null;
    if (!frame?.harness) throw new Error('no frame opened (openFrame)');
    return frame.harness;
  },

  /** Waits for the cache's background work and writes (`cache.settled()`). */
  settled(id: string): Promise<void> {
    return cacheOf(id).cache.settled();
  },

  events(id: string): RecordedEvent[] {
    return events.get(id) ?? [];
  },

  sent(id: string): Array<{ url: string; whileOpening: boolean }> {
    return sent.get(id) ?? [];
  },

  async stats(id: string): Promise<{ entries: number; bytes: number }> {
    const { entries, bytes } = await cacheOf(id).cache.stats();
    return { entries, bytes };
  },

  /** All of `cache.stats()`: with the origin's usage, quota and whether it is persisted. */
  fullStats(id: string) {
    return cacheOf(id).cache.stats();
  },

  /** `cache.outbox.flush()` then `cache.settled()`; resolves to what is left in the outbox. */
  async outboxFlush(id: string): Promise<Array<{ id: string; state: string; attempts: number }>> {
    const cachedFetch = cacheOf(id);
    await cachedFetch.cache.outbox!.flush();
    await cachedFetch.cache.settled();
    const left = await cachedFetch.cache.outbox!.list();
    return left.map(({ id, state, attempts }) => ({ id, state, attempts }));
  },

  /** `cache.outbox.list()`, without flushing: what is pending or failed now. */
  async outboxList(id: string): Promise<Array<{ id: string; state: string; key: string }>> {
    const left = await cacheOf(id).cache.outbox!.list();
    return left.map(({ id, state, idempotencyKey }) => ({ id, state, key: idempotencyKey }));
  },

  /**
   * Whether this engine sends a ReadableStream as a request body (the feature test of
   * https://developer.chrome.com/docs/capabilities/web-apis/fetch-streaming-requests): an engine
   * without it ignores `duplex` and turns the stream into the text "[object ReadableStream]".
   */
  requestStreams(): boolean {
    let duplexRead = false;
    const request = new Request(location.href, {
      method: 'POST',
      body: new ReadableStream(),
      get duplex() {
        duplexRead = true;
        return 'half' as const;
      },
    } as RequestInit);
    return duplexRead && !request.headers.has('content-type');
  },

  /** Starts `cache.outbox.result(write)` without awaiting it (./tabs-support `outboxResult`). */
  outboxAwait(id: string, write: string): void {
    results.set(write, cacheOf(id).cache.outbox!.result(write));
  },

  /** What the result(write) started by `outboxAwait` resolved to (waits for it). */
  async outboxResult(
    write: string,
  ): Promise<{ status: string; error?: string | undefined; response: boolean }> {
    const { status, error, response } = await results.get(write)!;
    // Not `error: undefined`: WebKit's driver passes it on as null.
    return { status, response: response !== undefined, ...(error === undefined ? {} : { error }) };
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
