// Type tests of the public API (run by vitest's typecheck in the unit project, and by
// `npm run typecheck`): what a caller writes against `cached-fetch` compiles, and what it must not
// write does not. Only the package's entry is imported, as an app would.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CachedEntryInfo,
  type CachedFetch,
  type CachedFetchOptions,
  type CacheEventMap,
  type CacheEventType,
  type CacheHandle,
  type CacheStats,
  type CacheStatus,
  type CacheStatusDetail,
  type CacheStore,
  cachedFetch,
  createCachedFetch,
  install,
  parseCacheStatus,
  type StoreStats,
  type Uninstall,
} from '../../src/index';
import { MemoryStore } from '../../src/stores';

describe('a drop-in fetch', () => {
  it('cachedFetch and a created one are assignable to typeof fetch, and take what fetch takes', () => {
    expectTypeOf(cachedFetch).toExtend<typeof fetch>();
    expectTypeOf(createCachedFetch()).toExtend<typeof fetch>();
    expectTypeOf(createCachedFetch).returns.toEqualTypeOf<CachedFetch>();
    expectTypeOf(cachedFetch).parameters.toEqualTypeOf<Parameters<typeof fetch>>();
    expectTypeOf(cachedFetch).returns.toEqualTypeOf<Promise<Response>>();
    // Anywhere a fetch is expected (a library's `fetch` option), a cached one fits.
    const takesFetch = (fetchImpl: typeof fetch) => fetchImpl;
    takesFetch(cachedFetch);
    expectTypeOf(cachedFetch.cache).toEqualTypeOf<CacheHandle>();
  });

  it('install() returns an uninstall function that carries the same handle', () => {
    expectTypeOf(install).returns.toEqualTypeOf<Uninstall>();
    expectTypeOf<Uninstall>().toExtend<() => void>();
    expectTypeOf<Uninstall['cache']>().toEqualTypeOf<CacheHandle>();
  });
});

describe('createCachedFetch options', () => {
  it('accepts every documented option with its type', () => {
    const options: CachedFetchOptions = {
      fetch: globalThis.fetch,
      store: new MemoryStore(),
      partition: (request: Request) => request.headers.get('x-user') ?? 'anonymous',
      maxEntries: 1000,
      maxBytes: 50_000_000,
      maxEntryBytes: 5_000_000,
      now: () => Date.now(),
      cacheStatus: true,
      offline: 'stale',
      heuristicFreshness: (response: Response) => (response.ok ? 60 : undefined),
      networkTimeout: 3000,
      revalidateCrossOrigin: ['https://cdn.example'],
      crossTab: false,
      warnings: false,
      memory: { maxEntries: 100, maxBytes: 1_000_000 },
    };
    expectTypeOf(createCachedFetch).parameter(0).toEqualTypeOf<CachedFetchOptions | undefined>();
    expectTypeOf(options.store).toEqualTypeOf<CacheStore | undefined>();
    expectTypeOf<CachedFetchOptions['partition']>().toEqualTypeOf<
      string | ((request: Request) => string) | undefined
    >();
    expectTypeOf<CachedFetchOptions['offline']>().toEqualTypeOf<
      'error' | 'stale' | 'any' | undefined
    >();
  });

  it('a wrong option type, or an option that does not exist, is a type error', () => {
    // @ts-expect-error maxEntries is a number
    createCachedFetch({ maxEntries: '100' });
    // @ts-expect-error offline is 'error' or 'stale'
    createCachedFetch({ offline: 'serve-stale' });
    // @ts-expect-error partition gets the Request and returns a string
    createCachedFetch({ partition: (request: Request) => request.headers.has('x-user') });
    // @ts-expect-error memory is its limits or false, not true
    createCachedFetch({ memory: true });
    // @ts-expect-error no such option (a misspelt maxBytes)
    createCachedFetch({ maxbytes: 1000 });
    // @ts-expect-error a store implements CacheStore
    createCachedFetch({ store: new Map() });
  });
});

describe('the cache handle', () => {
  it('has the methods the README documents, with their signatures', () => {
    expectTypeOf<CacheHandle['clear']>().toBeCallableWith();
    expectTypeOf<CacheHandle['clear']>().toBeCallableWith({ partition: 'alice' });
    expectTypeOf<CacheHandle['clear']>().returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf<CacheHandle['delete']>().toBeCallableWith('/api/me');
    expectTypeOf<CacheHandle['delete']>().toBeCallableWith(new URL('https://a.test/x'));
    expectTypeOf<CacheHandle['delete']>().toBeCallableWith(new Request('https://a.test/x'), {
      partition: 'alice',
    });
    expectTypeOf<CacheHandle['delete']>().returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf<CacheHandle['stats']>().returns.toEqualTypeOf<Promise<CacheStats>>();
    expectTypeOf<StoreStats>().toMatchObjectType<{ entries: number; bytes: number }>();
    expectTypeOf<CacheHandle['entries']>().toBeCallableWith({ partition: 'alice' });
    expectTypeOf<CacheHandle['entries']>().returns.toEqualTypeOf<Promise<CachedEntryInfo[]>>();
    expectTypeOf<CacheHandle['body']>().returns.toEqualTypeOf<Promise<ArrayBuffer | undefined>>();
    expectTypeOf<CacheHandle['revalidate']>().returns.toEqualTypeOf<Promise<Response>>();
    expectTypeOf<CacheHandle['settled']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<CacheHandle['close']>().toEqualTypeOf<() => Promise<void>>();
  });

  it('refuses arguments the methods would throw a TypeError for', () => {
    const { cache } = createCachedFetch();
    // @ts-expect-error clear takes { partition }, not a bare partition name
    void cache.clear('alice');
    // @ts-expect-error the partition of clear is a string
    void cache.clear({ partition: undefined });
    // @ts-expect-error delete takes a URL, string or Request
    void cache.delete(42);
    // @ts-expect-error body takes an entry (its id), not a URL
    void cache.body('https://a.test/x');
  });
});

describe('events: one payload type per event name', () => {
  it('a listener gets the payload of the event it listens to', () => {
    const { cache } = createCachedFetch();
    cache.addEventListener('hit', (event) => {
      expectTypeOf(event).toEqualTypeOf<CacheEventMap['hit']>();
      expectTypeOf(event.url).toBeString();
      expectTypeOf(event.ageSec).toBeNumber();
      expectTypeOf(event.stale).toBeBoolean();
    });
    cache.addEventListener('miss', (event) => {
      expectTypeOf(event.reason).toEqualTypeOf<'uri-miss' | 'vary-miss' | 'reload'>();
    });
    cache.addEventListener('updated', (event) => {
      expectTypeOf(event.headers).toEqualTypeOf<Headers>();
      expectTypeOf(event.background).toBeBoolean();
    });
    cache.addEventListener('stale', (event) => {
      expectTypeOf(event.reason).toEqualTypeOf<
        'stale-if-error' | 'offline' | 'timeout' | 'offline-any' | 'timeout-any'
      >();
      expectTypeOf(event.status).toEqualTypeOf<number | undefined>();
    });
    cache.addEventListener('stored', (event) => {
      expectTypeOf(event).toEqualTypeOf<{ url: string; bytes: number }>();
    });
    cache.addEventListener('cleared', (event) => {
      expectTypeOf(event.partition).toEqualTypeOf<string | undefined>();
      expectTypeOf(event.remote).toBeBoolean();
    });
    cache.addEventListener('sent', (event) => {
      expectTypeOf(event.id).toBeString();
      expectTypeOf(event.response).toEqualTypeOf<Response>();
    });
    cache.addEventListener('wiped', (event) => {
      expectTypeOf(event.entries).toBeNumber();
      expectTypeOf(event.lastSeen).toEqualTypeOf<number | undefined>();
    });
    cache.addEventListener('error', (event) => {
      expectTypeOf(event.error).toBeUnknown();
      expectTypeOf(event.operation).toBeString();
    });
    expectTypeOf<CacheEventType>().toEqualTypeOf<
      | 'hit'
      | 'miss'
      | 'revalidated'
      | 'updated'
      | 'stale'
      | 'stored'
      | 'evicted'
      | 'invalidated'
      | 'cleared'
      | 'wiped'
      | 'error'
      | 'queued'
      | 'sent'
      | 'failed'
    >();
  });

  it('addEventListener returns the remover; a wrong event name or payload is a type error', () => {
    const { cache } = createCachedFetch();
    const listener = (event: CacheEventMap['miss']) => event.reason;
    expectTypeOf(cache.addEventListener('miss', listener)).toEqualTypeOf<() => void>();
    cache.removeEventListener('miss', listener);
    // @ts-expect-error no such event
    cache.addEventListener('hits', () => {});
    // @ts-expect-error a hit has no reason
    cache.addEventListener('hit', (event) => event.reason);
    // @ts-expect-error a miss listener does not take a hit's payload
    cache.addEventListener('hit', listener);
  });
});

describe('parseCacheStatus', () => {
  it('takes what Headers.get returns and gives a CacheStatus or undefined', () => {
    expectTypeOf(parseCacheStatus).toBeCallableWith(new Headers().get('cache-status'));
    expectTypeOf(parseCacheStatus).toBeCallableWith('cached-fetch; hit', 'other-cache');
    expectTypeOf(parseCacheStatus).returns.toEqualTypeOf<CacheStatus | undefined>();
    expectTypeOf<CacheStatus>().toEqualTypeOf<{
      cache: string;
      hit: boolean;
      fwd?: string;
      fwdStatus?: number;
      ttl?: number;
      stored: boolean;
      collapsed: boolean;
      key?: string;
      detail?: CacheStatusDetail | (string & {});
    }>();
    // @ts-expect-error it parses a header value, not a Response
    parseCacheStatus(new Response());
  });
});
