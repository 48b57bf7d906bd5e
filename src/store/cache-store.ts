// The persistence contract: the only thing fetch/ knows about storage. Knows nothing of HTTP rules.
import type { StoredResponse } from '../policy/snapshot';

/** One stored response variant: metadata only, the body lives apart and is read only on a hit. */
export interface CacheEntry {
  /** Unique id of this variant (also the key of its body). */
  id: string;
  /** Primary cache key (partition + method class + URI, built by policy). */
  key: string;
  /** Secondary key (the request header values its Vary names, built by policy). */
  secondaryKey: string;
  /** The partition the entry belongs to ('' for the default one). */
  partition: string;
  /** Last use, epoch ms: the LRU order. */
  lastUsed: number;
  /**
   * No-Vary-Search (decision 0025): the request URL without its query and fragment, on a complete
   * response that carries a `No-Vary-Search` field (./search-base `searchBaseOf`); absent on any
   * other. Set by the writer and kept as given (an `update` keeps it); stores index it with the
   * partition (`list({ searchBase })`), so that a lookup that misses its exact key finds the
   * entries it may be equivalent to with one query.
   */
  searchBase?: string;
  /** Body length in bytes (set by the store from the body it was given). */
  bodySize: number;
  /**
   * Bytes counted against `maxBytes`: body plus serialised metadata, measured by the store at
   * `put` and again at `update` (new headers count); `touch` moves `lastUsed` without re-measuring.
   */
  size: number;
  response: StoredResponse;
  /**
   * The version of this metadata's format (1), written with every entry, so that a later version
   * of the library can migrate or skip entries an earlier one wrote. Absent in entries written
   * before it was introduced, which are format 1.
   */
  format?: number;
}

/** The format of the entries this version writes (`CacheEntry.format`). */
export const ENTRY_FORMAT = 1;

/**
 * Body bytes as a store gives them back: an `ArrayBuffer`, or a `Blob` where the store keeps large
 * bodies as Blobs (IndexedDBStore in real browsers: `new Response(blob)` needs no copy in the page).
 */
export type StoredBody = ArrayBuffer | Blob;

/** The length of a stored body in bytes, whichever form the store gave it in. */
export function storedBodySize(body: StoredBody): number {
  return body instanceof ArrayBuffer ? body.byteLength : body.size;
}

/** A stored body as bytes (a Blob is read; an ArrayBuffer is returned as it is). */
export function storedBodyBytes(body: StoredBody): Promise<ArrayBuffer> {
  return body instanceof ArrayBuffer ? Promise.resolve(body) : body.arrayBuffer();
}

/** An entry as handed to `put`: the store measures `size` itself. */
export type NewCacheEntry = Omit<CacheEntry, 'size'>;

/** Limits for {@link CacheStore.prune}; an absent limit does not constrain. */
/** What `CacheStore.lookup` found: every variant, the chosen one, and its body if it is there. */
export interface LookupResult {
  variants: CacheEntry[];
  chosen: CacheEntry | undefined;
  body: StoredBody | undefined;
  /**
   * When the lookup was given an {@link EquivalentsQuery} whose `missed` said so: the entries it
   * names, read in the same transaction. Absent when not asked, or when the store does not read
   * them there (the cached fetch then lists them).
   */
  candidates?: CacheEntry[];
}

/**
 * No-Vary-Search (decision 0025): what a lookup may also read, in the same read, when the key's
 * own variants leave the request unanswered: the entries stored with `searchBase` in `partition`
 * (those `list({ searchBase, partition })` gives), most recently used first. A burst of misses
 * then costs one transaction, not two (issue 24).
 */
export interface EquivalentsQuery {
  searchBase: string;
  partition: string;
  /** Whether what the key held leaves the request unanswered. Synchronous; must not throw. */
  missed(found: LookupResult): boolean;
}

export interface StoreLimits {
  /** Keep at most this many entries. */
  maxEntries?: number;
  /** Keep at most this many bytes, counted as the sum of {@link CacheEntry.size}. */
  maxBytes?: number;
  /**
   * The limits apply to this partition's entries only, and only they are evicted (the
   * `maxBytesPerPartition` option, decision 0026). Only for a store whose `prunesPartitions` is
   * true: one that ignored it would evict every partition down to one partition's budget.
   */
  partition?: string;
}

/** Which entries `CacheStore.list` returns. */
export interface StoreListFilter {
  partition?: string;
  /** A Cache-Groups group (RFC 9875): entries whose `response.groups` holds it. */
  group?: string;
  /** No-Vary-Search candidates: entries whose `searchBase` is this (decision 0025). */
  searchBase?: string;
}

/** What a store holds now. */
export interface StoreStats {
  /** Number of entries (variants). */
  entries: number;
  /** Sum of {@link CacheEntry.size} over all entries. */
  bytes: number;
}

/** What a store lost when its storage was taken away (the `wiped` event). */
export interface WipedDetail {
  /** Entries stored when the store last read its totals (0 if it never had). */
  entries: number;
  /** Their bytes (the sum of `size`). */
  bytes: number;
  /** When those totals were last read (ms since the epoch); undefined if they never were. */
  lastSeen: number | undefined;
}

/** What `cache.stats()` tells: what is stored, and where. */
export interface CacheStats extends StoreStats {
  /**
   * The store in use: `indexeddb`, `memory` (Node, SSR, no IndexedDB, or an IndexedDB that
   * could not be opened: then only for this session), or `custom` (a store given in the options).
   */
  store: 'indexeddb' | 'memory' | 'custom';
  /** Whether what is stored outlives the page (a reload, a restart): false for memory. */
  persistent: boolean;
  /**
   * Whether the browser granted the origin persistent storage (`navigator.storage.persisted()`:
   * not evicted under storage pressure; see the `persist` option); undefined where it cannot say.
   */
  persisted: boolean | undefined;
  /**
   * The origin's storage usage and quota in bytes (`navigator.storage.estimate()`), where known;
   * the bucket's (`bucket.estimate()`), when the database is in one. `persisted` likewise.
   */
  usage: number | undefined;
  quota: number | undefined;
  /**
   * The Storage Bucket the database is in (the `storageBucket` option, where the browser has
   * Storage Buckets: Chromium); absent when it is in the origin's default storage.
   */
  bucket?: string;
}

/**
 * Where cached responses live. Every method is async, and must reject (never hang) on failure:
 * the caller falls back to the network and reports the error.
 *
 * Implementations: `MemoryStore`, `IndexedDBStore` (the default falls back to a `MemoryStore` when
 * IndexedDB cannot be opened). Bring your own by implementing this interface: the cached fetch
 * applies `maxEntries` / `maxBytes` to any store through `prune`.
 */
export interface CacheStore {
  /** Metadata of every stored variant for a primary key, in no particular order; never reads bodies. */
  getVariants(key: string): Promise<CacheEntry[]>;
  /**
   * Optional fast path for a cache hit: the variants of `key` and, in the same read (one
   * IndexedDB transaction), the body of the variant `choose` picks. `choose` is synchronous and
   * must not throw; a store may call it more than once (a retried read), the last call counts. Stores without it are read with getVariants, then getBody
   * (the cached fetch does either).
   */
  lookup?(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
    equivalents?: EquivalentsQuery,
  ): Promise<LookupResult>;
  /** The body bytes of one entry (as given to `put`, or as a Blob of them), or undefined when it is gone. */
  getBody(id: string): Promise<StoredBody | undefined>;
  /**
   * Writes metadata and body atomically, replacing any entry with the same key and secondary
   * key (and any entry already stored under `entry.id`). Sets `bodySize` to `body.byteLength`
   * and measures `size` (see `measureEntrySize`). Resolves to the ids it replaced; on failure
   * nothing is written and nothing is removed.
   */
  put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]>;
  /** Replaces the HTTP metadata of one entry (a 304): never writes body bytes. False if gone. */
  update(id: string, response: StoredResponse): Promise<boolean>;
  /**
   * Records last use for LRU, in one batch. Unknown ids are ignored; a use older than the stored
   * `lastUsed` does not move it back.
   */
  touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void>;
  /** Removes every variant stored under a primary key; resolves to the ids removed. */
  delete(key: string): Promise<string[]>;
  /** Removes everything, or one partition's entries; resolves to how many were removed. */
  clear(filter?: { partition?: string }): Promise<number>;
  /**
   * Evicts least recently used entries (by `lastUsed`, then by `id`) until within the limits;
   * resolves to those removed, least recently used first. Strict LRU: it removes the shortest run
   * of least recently used entries after which the rest fits, so once an entry has to go, every
   * entry used before it goes too, even one small enough to fit.
   *
   * The cached fetch calls it after every write, so it should be cheap when nothing needs to go:
   * the built-in stores read running totals (O(1)) and, when over, touch only what they evict.
   */
  prune(limits: StoreLimits): Promise<CacheEntry[]>;
  /**
   * True when `prune` honours `limits.partition` and `stats({ partition })` counts one partition,
   * both from running totals (the built-in stores). Required by the `maxBytesPerPartition` option.
   */
  readonly prunesPartitions?: boolean;
  /**
   * Entry count and bytes (the sum of `size`), exact after every committed change. The built-in
   * stores keep them as running totals: O(1).
   */
  stats(filter?: { partition?: string }): Promise<StoreStats>;
  /**
   * Metadata of every stored entry, or of those the filter keeps, most recently used first; never
   * bodies. `partition`: that partition's; `group`: those whose `response.groups` holds it
   * (RFC 9875); `searchBase`: those whose `searchBase` is it (No-Vary-Search, decision 0025);
   * every partition unless `partition` says one, and every filter given applies. The built-in
   * stores answer `group` and `searchBase` from an index; the cached fetch filters what any
   * store returns again (a store that ignores a filter over-returns, which costs time only).
   */
  list(filter?: StoreListFilter): Promise<CacheEntry[]>;
  /**
   * Optional: every partition that holds an entry, each once, in no particular order. Without it
   * the cached fetch reads them from `list()`.
   */
  partitions?(): Promise<string[]>;
  /** Releases connections; later calls may reopen. */
  close(): Promise<void>;
  /**
   * Optional: opens what the store works through (a database connection) now, so that the first
   * call does not wait for it (issue 24: opened when a cached fetch is created, not at its first
   * request). Never required: every call opens it anyway. Rejects as any call would when it
   * cannot open (a `StoreOpenError` from the built-in stores).
   */
  open?(): Promise<void>;
  /**
   * Optional: random bytes (32) that key the hashes of credentials kept in entries (decision
   * 0018), created once and kept with the entries, so that hashes match across page loads. A
   * store without it gets a key per cached fetch instance: its entries fetched with credentials
   * then match only within that instance.
   */
  hashKey?(): Promise<ArrayBuffer>;
  /**
   * Whether what it holds outlives the page (a reload, a restart), as `cache.stats()` reports it
   * for a custom store. Default: false.
   */
  readonly persistent?: boolean;
  /**
   * Optional: calls `listener` each time the store finds that its storage was deleted or emptied
   * behind its back (another tab, the browser's eviction, "clear site data"), once per loss, with
   * what it last knew was stored. The cache then drops its memory copies and fires `wiped`.
   */
  watchWipes?(listener: (lost: WipedDetail) => void): void;
}
