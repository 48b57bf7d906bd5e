// The public shape of a cached fetch: the function, its `cache` handle, and what `entries()` tells.
import type { HeaderList } from '../policy/snapshot';
import type { CacheStats } from '../store/cache-store';
import type { CacheEventListener, CacheEventType } from './context/events';
import type { OutboxHandle } from './outbox/handle-types';

/** The `cache` handle on a cached fetch. */
export interface CacheHandle {
  /**
   * `clear()`, with no argument, removes every stored response; `clear({ partition })` removes one
   * partition's (a user's, at logout). Anything else (`clear('alice')`, `{ partition: undefined }`)
   * throws a TypeError naming the argument and removes nothing. Resolves to how many went.
   */
  clear(): Promise<number>;
  clear(filter: { partition: string }): Promise<number>;
  /**
   * Removes every stored variant of a URL, in `options.partition`, or else in the partition the
   * `partition` option gives for `new Request(input)` (a partition function that reads request
   * headers needs the Request, or the explicit partition).
   */
  delete(input: string | URL | Request, options?: { partition: string }): Promise<number>;
  /**
   * Invalidates stored responses (decision 0025): one with a validator is kept and revalidated on
   * its next use (a 304 costs no body), one without is removed. By `url`, URL `prefix`, Cache-Groups
   * `group` or a `where` predicate over what `entries()` describes; in `partition`, or in every
   * partition with `allPartitions: true` (a `url` alone: the partition the options give for it).
   * Reaches memory at once and other tabs; fires `invalidated` with reason `invalidate`. A wrong
   * filter rejects with a TypeError naming it, and nothing is invalidated. Resolves to the count.
   * Ordered as `delete()`: a request made after the call, even before it resolves, waits for it
   * (at most the store's 5 s deadline, then reads nothing stored), so it is never answered by what
   * it invalidates without the origin.
   */
  invalidate(filter: InvalidateFilter): Promise<number>;
  /**
   * Entry count, bytes counted against `maxBytes` (bodies and their metadata: the sum of `size`),
   * which store holds them and whether it persists: `{ entries, bytes, store: 'indexeddb',
   * persistent: true }`, or `store: 'memory', persistent: false` where IndexedDB is absent (Node)
   * or could not be opened.
   */
  stats(): Promise<CacheStats>;
  /**
   * What is stored (all, or one partition), most recently used first: for dashboards and
   * debugging. A read, so `entries(undefined)` lists all too (`clear(undefined)` throws).
   */
  entries(filter?: { partition: string }): Promise<CachedEntryInfo[]>;
  /** The stored body of an entry `entries()` listed, or undefined once it is gone: for previews. */
  body(entry: Pick<CachedEntryInfo, 'id'>): Promise<ArrayBuffer | undefined>;
  /**
   * Asks the origin now whether a stored entry is still current: a request for its URL in its
   * partition, with the request headers it varies on, in `cache: 'no-cache'` mode (a conditional
   * request when it has validators). Resolves to that response, as the cached fetch returns it.
   * Rejects with a TypeError, sending nothing, when such a request would now belong to another
   * partition than the entry's (another user is signed in), or when the entry varies on a
   * credential (`Authorization`, a `secretHeaders` field): the cache keeps only its hash, and
   * never sends a stored credential (decision 0018). Credentials it does not vary on are not sent.
   */
  revalidate(entry: Pick<CachedEntryInfo, 'requestUrl' | 'partition' | 'vary'>): Promise<Response>;
  /** Listens to one event type; returns a function that removes the listener. */
  addEventListener<T extends CacheEventType>(type: T, listener: CacheEventListener<T>): () => void;
  removeEventListener<T extends CacheEventType>(type: T, listener: CacheEventListener<T>): void;
  /**
   * Resolves when the work that runs after responses were returned is done: bodies being stored,
   * background revalidations, requests that outlived `networkTimeout`, LRU touches, eviction.
   * In a Service Worker: `event.waitUntil(cache.settled())`.
   */
  settled(): Promise<void>;
  /** Closes the store and the cross-tab channel. */
  close(): Promise<void>;
  /**
   * The outbox of queued writes: `list()`, `flush()`, `retry(id)`, `discard(id)`, `settled()`,
   * `result(id)`. Undefined unless the `outbox` option is on.
   */
  readonly outbox: OutboxHandle | undefined;
}

/** What `cache.invalidate()` takes: one target, in one partition or explicitly in all. */
export type InvalidateFilter = (
  | { url: string | URL }
  | { prefix: string }
  | { group: string }
  | { where: (entry: CachedEntryInfo) => boolean }
) & { partition?: string; allPartitions?: true };

/** One stored response, as `cache.entries()` describes it. */
export interface CachedEntryInfo {
  /** Unique id of this stored variant (a new response gets a new id; a 304 keeps it). */
  id: string;
  /** The request URL the entry is keyed by: what `cache.delete()` takes. */
  requestUrl: string;
  /**
   * The response's URL (`Response.url`: after redirects). Entries are keyed by the request URL,
   * which differs for a redirected response: `cache.delete()` takes the request URL.
   */
  url: string;
  partition: string;
  status: number;
  /** RFC 9111 §4.2.3 current age, in whole seconds. */
  ageSec: number;
  /** Freshness left, in whole seconds (floored): 0 in the last second of freshness and the first of staleness. */
  ttlSec: number;
  /** RFC 9111 §4.2: still fresh (its age below its freshness lifetime; at equality, stale). */
  fresh: boolean;
  /** Bytes counted against `maxBytes`: the body and the stored metadata (URL, headers, freshness). */
  size: number;
  /** Body length in bytes (what the `stored` event reports as `bytes`). */
  bodySize: number;
  etag: string | null;
  lastModified: string | null;
  /** The request header values this variant was selected by (its Vary), as stored. */
  secondaryKey: string;
  /**
   * The same, decoded: `[name, value]` for each request header its Vary names (value null when
   * the request did not send it). Empty when the response has no Vary. The value of a credential
   * (`Authorization`, `Proxy-Authorization`, `Cookie`, a `secretHeaders` field) is its keyed hash,
   * `hmac:...`: the cache never keeps the credential itself (decision 0018).
   */
  vary: Array<[name: string, value: string | null]>;
  /** The stored response header fields (as merged after 304s), names lower-cased. */
  headers: HeaderList;
  lastUsed: number;
  /** Its `Cache-Groups` (RFC 9875), as stored (kept through 304s); empty when none. */
  groups: string[];
  /**
   * Invalidated (RFC 9111 §4.4, Cache-Group-Invalidation, `cache.invalidate`) and kept for its
   * validator: its next use is a conditional request (decision 0025).
   */
  invalidated: boolean;
  /**
   * Present for stored partial content (a 206 kept for Range requests, RFC 9111 §3.3): the
   * complete length (null when unknown) and the byte ranges stored, `[first, last]` inclusive.
   * Such an entry is listed beside the complete response of the same URL, if any.
   */
  ranges?: { completeLength: number | null; bytes: Array<[first: number, last: number]> };
}

/** A fetch function with a private HTTP cache. */
export type CachedFetch = typeof fetch & { readonly cache: CacheHandle };
