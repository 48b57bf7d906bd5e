// The cache's events: one payload object per event, so fields can be added without breaking listeners.
import type { StandInDetail } from '../../policy/cache-status-detail';
import type { CacheEntry, WipedDetail } from '../../store/cache-store';

/** Why stored responses were invalidated (the `invalidated` event). */
export type InvalidationReason = 'unsafe-request' | 'cache-groups' | 'invalidate' | 'delete';

export interface CacheEventMap {
  /** Served from storage without contacting the origin. */
  hit: { url: string; status: number; ageSec: number; stale: boolean };
  /** Nothing usable was stored; the request went to the origin. */
  miss: { url: string; reason: 'uri-miss' | 'vary-miss' | 'reload' };
  /** The origin answered a revalidation with 304; the stored entry was freshened. */
  revalidated: { url: string; background: boolean };
  /**
   * A revalidation brought a new response (body or validators changed) that replaced the stored
   * one. With `background: true` it was a stale-while-revalidate refresh: the caller already got
   * the stale response, so listeners may want to re-render.
   */
  updated: { url: string; headers: Headers; background: boolean };
  /**
   * A stored response stood in for the origin's answer: after a network error or a 5xx within
   * stale-if-error (RFC 5861 §4), with `offline: 'stale'` when the origin was unreachable (network
   * error, 502, 503, 504), or after `networkTimeout`. `reason` is `offline-any` or `timeout-any`
   * when only `offline: 'any'` allowed it (a `no-cache` or `must-revalidate` response, shown
   * unvalidated). `status` is the origin's, when it answered.
   */
  stale: { url: string; reason: StaleReason; status?: number };
  /**
   * A response was written to storage. `bytes` is its body's length (`bodySize` in
   * `cache.entries()`); what counts against `maxBytes` (`size` there, and `stats().bytes`) adds
   * the stored metadata (URL, headers, parsed freshness), a few hundred bytes more.
   */
  stored: { url: string; bytes: number };
  /** Entries were evicted to stay within maxEntries / maxBytes (LRU), or after a quota error. */
  evicted: { entries: Array<Pick<CacheEntry, 'id' | 'key' | 'size'>> };
  /**
   * Stored responses were invalidated, here or in another tab: after an unsafe request (RFC 9111
   * §4.4, reason `unsafe-request`), by its `Cache-Group-Invalidation` (RFC 9875, `cache-groups`),
   * by `cache.invalidate()` (`invalidate`): kept if it has a validator, revalidated on next use
   * (decision 0025); or removed by `cache.delete()` (`delete`). `urls`: the target URIs reached.
   */
  invalidated: { urls: string[]; remote: boolean; reason: InvalidationReason };
  /** The cache was cleared (wholly or one partition), here or in another tab. */
  cleared: {
    partition: string | undefined;
    remote: boolean;
    /** Queued writes (pending and failed) dropped with it; undefined without the `outbox` option. */
    writes?: number | undefined;
  };
  /** A write could not reach the origin and was kept in the outbox (its call answered 202). */
  queued: OutboxEventBase;
  /**
   * A queued write reached the origin, which answered 2xx: it left the outbox, after the same
   * §4.4 invalidation an online write does (so a listener's refetch sees the change). `response`
   * has the origin's body, readable by this listener (each listener gets the same Response:
   * clone it to read it twice).
   */
  sent: OutboxEventBase & {
    attempts: number;
    status: number;
    headers: Headers;
    response: Response;
  };
  /**
   * A queued write failed for good: `rejected` (a 4xx but 408, 425, 429: the request itself is
   * wrong; `conflict` for 409 and 412, which the app resolves), or out of `attempts` or `age`.
   * It stays in `cache.outbox.list()` as failed until `retry(id)` or `discard(id)`.
   */
  failed: OutboxEventBase & {
    attempts: number;
    reason: 'rejected' | 'attempts' | 'age';
    conflict: boolean;
    status?: number | undefined;
    response?: Response | undefined;
    error?: string | undefined;
  };
  /**
   * The database was deleted or emptied behind the cache's back (another tab, a tool, the
   * browser's eviction or "clear site data"): what it held as last known, and when. The memory
   * tier's copies were dropped; the cache recreates its storage on next use and carries on.
   */
  wiped: WipedDetail;
  /** Storage or background work failed. The request itself was answered from the network. */
  error: { error: unknown; operation: string; url?: string | undefined };
}

export type CacheEventType = keyof CacheEventMap;

/** What every outbox event says of its write. */
export interface OutboxEventBase {
  /** The outbox id (`X-Outbox-Id` of the 202 its call answered). */
  id: string;
  method: string;
  url: string;
  partition: string;
}

/**
 * Why a stored response stood in for the origin (the `stale` event, Cache-Status `detail`):
 * `offline-any` and `timeout-any` when only `offline: 'any'` allowed it, beyond RFC 9111 §4.2.4.
 */
export type StaleReason = StandInDetail;
export type CacheEventListener<T extends CacheEventType> = (event: CacheEventMap[T]) => void;

/** A tiny typed emitter. A listener that throws never breaks a request: its error is reported. */
export class CacheEvents {
  readonly #listeners = new Map<CacheEventType, Set<(event: never) => void>>();

  addEventListener<T extends CacheEventType>(type: T, listener: CacheEventListener<T>): () => void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return () => this.removeEventListener(type, listener);
  }

  removeEventListener<T extends CacheEventType>(type: T, listener: CacheEventListener<T>): void {
    this.#listeners.get(type)?.delete(listener);
  }

  emit<T extends CacheEventType>(type: T, event: CacheEventMap[T]): void {
    const set = this.#listeners.get(type);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as CacheEventListener<T>)(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }
}

/**
 * A faulty listener must not change what the caller of fetch sees, nor crash a Node process (as a
 * rethrow would): report it the way the platform reports uncaught listener errors.
 */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('cached-fetch: an event listener threw', error);
}
