// The plain, serialisable data that policy decides on: no Request, Response or clock in here.
// Times are epoch milliseconds everywhere; names carry `Sec` when a value is in seconds.
import type { PartialContent } from './byte-ranges';

/** Header fields in arrival order, names lower-cased (as `Headers` yields them). */
export type HeaderList = [name: string, value: string][];

/** What policy needs of a request. */
export interface RequestSnapshot {
  /** Upper-case method. */
  method: string;
  /** Absolute URL; policy strips the fragment where it matters. */
  url: string;
  headers: HeaderList;
  /** `RequestInit.cache` (Fetch): default, no-store, reload, no-cache, force-cache, only-if-cached. */
  mode: RequestCache;
  /** `RequestInit.redirect` (Fetch); absent: `follow`. See ./redirect-mode. */
  redirect?: RequestRedirect;
  /**
   * The keyed hashes of the request's credential fields (policy's credentials module), '' or
   * absent for none. The values of those fields in `headers` are the same hashes, never secrets.
   */
  credentials?: string;
}

/** What policy needs of a response head, with the times we took around the network call. */
export interface ResponseSnapshot {
  status: number;
  headers: HeaderList;
  /** Just before the request went to the network (RFC 9111 §4.2.3 request_time). */
  requestTime: number;
  /** When the response head arrived (RFC 9111 §4.2.3 response_time). */
  responseTime: number;
}

/**
 * Everything parsed from a stored response once, when it is stored or freshened, so that a cache
 * hit never re-parses header fields (only `now` changes between two lookups).
 */
export interface Freshness {
  /** RFC 9111 §4.2.1 freshness_lifetime, in ms (0 when none). */
  lifetimeMs: number;
  /** True when the lifetime is heuristic (§4.2.2). */
  heuristic: boolean;
  /** RFC 9111 §4.2.3 corrected_initial_age, in ms. */
  correctedInitialAgeMs: number;
  /** Response `no-cache` (§5.2.2.4): store, but revalidate before every reuse. */
  noCache: boolean;
  /** Response `must-revalidate` (§5.2.2.2): never serve stale, whatever the request allows. */
  mustRevalidate: boolean;
  /** Response `immutable` (RFC 8246). */
  immutable: boolean;
  /** RFC 5861 stale-while-revalidate window, in ms (0 when absent). */
  staleWhileRevalidateMs: number;
  /** RFC 5861 stale-if-error window from the response, in ms (0 when absent). */
  staleIfErrorMs: number;
  /** The stored validators (RFC 9110 §8.8), if any. */
  etag: string | null;
  lastModified: string | null;
}

/**
 * Which request headers select this stored response (RFC 9111 §4.1).
 * - `names`: the lower-cased field names its `Vary` lists (empty: matches every request);
 * - `any`: `Vary: *`, never matches;
 * - `unreadable`: a cross-origin response whose `Vary` may be hidden from us; it is matched on
 *   every request header it was fetched with, so it is never reused for other request headers.
 */
export type VaryRule =
  | { kind: 'names'; names: string[] }
  | { kind: 'any' }
  | { kind: 'unreadable'; names: string[] };

/** The HTTP part of a stored entry: the response head, where it came from, and its parsed policy. */
export interface StoredResponse extends ResponseSnapshot {
  statusText: string;
  /** `Response.url` of the original response (restored on a hit). */
  url: string;
  /** `Response.redirected` of the original response (restored on a hit). */
  redirected: boolean;
  /** `Response.type` of the original response (restored on a hit); absent in older entries. */
  type?: ResponseType;
  freshness: Freshness;
  vary: VaryRule;
  /**
   * Set on a stored 206 (RFC 9111 §3.3): the byte ranges its body holds. Such an entry answers
   * only Range requests; see policy's partial-content module.
   */
  partial?: PartialContent;
  /**
   * The keyed hashes of the credential fields of the request it answered (or that a 304
   * validated it for); absent: none. `'?'` (migrated from before they were kept): unknown.
   */
  credentials?: string;
  /**
   * The groups its `Cache-Groups` names (RFC 9875 §2), parsed when it is stored or freshened;
   * absent: none. Stores index it (`CacheStore.inGroup`).
   */
  groups?: string[];
  /**
   * Invalidated (RFC 9111 §4.4, RFC 9875 §3, `cache.invalidate`) and kept because it has a
   * validator: never reused without a successful validation, which clears it (decision 0025).
   */
  invalidated?: true;
}
