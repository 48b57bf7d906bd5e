// Live counters for the inspector, kept from the cache's events since the inspector was mounted.
import type { CacheEventListener, CacheEventType, CacheHandle } from 'cached-fetch';

export interface CounterValues {
  /** Served from storage without the origin (fresh, or stale where allowed). */
  hits: number;
  /** Nothing usable stored: fetched from the origin. */
  misses: number;
  /** Revalidations answered 304 (the stored body was reused). */
  revalidated: number;
  /** Revalidations that brought a changed response. */
  updated: number;
  /** Stored responses that stood in after the origin failed (stale-if-error, offline). */
  standIns: number;
  /** Body bytes of the hits: what was served without the network. */
  bytesFromCache: number;
  /** Storage or background failures reported by the `error` event. */
  errors: number;
  /**
   * Hits among the caller's lookups (hits, misses, foreground revalidations and stand-ins). A
   * stand-in is not a hit: the network was tried and failed. Null before the first lookup.
   */
  hitRatio: number | null;
}

export class LiveCounters {
  readonly #values: Omit<CounterValues, 'hitRatio'> = zeroCounts();
  /** Stale-while-revalidate refreshes: part of a lookup already counted as a hit. */
  #background = 0;
  /** Body sizes by URL (request and response URL), from listings and `stored` events. */
  readonly #bodyBytes = new Map<string, number>();
  /**
   * Hits on URLs whose size no listing or `stored` event has told yet, by URL: after a reload the
   * page's first hits come before the inspector's first listing, and would count 0 bytes.
   */
  readonly #unsizedHits = new Map<string, number>();
  readonly #unsubscribe: Array<() => void> = [];

  constructor(cache: CacheHandle, onChange: () => void) {
    const on = <T extends CacheEventType>(type: T, listener: CacheEventListener<T>) => {
      const counted: CacheEventListener<T> = (event) => {
        listener(event);
        onChange();
      };
      cache.addEventListener(type, counted);
      this.#unsubscribe.push(() => cache.removeEventListener(type, counted));
    };
    on('hit', ({ url }) => {
      this.#values.hits += 1;
      const bytes = this.#bodyBytes.get(url);
      if (bytes === undefined) this.#unsizedHits.set(url, (this.#unsizedHits.get(url) ?? 0) + 1);
      else this.#values.bytesFromCache += bytes;
    });
    on('miss', () => {
      this.#values.misses += 1;
    });
    on('revalidated', ({ background }) => {
      this.#values.revalidated += 1;
      if (background) this.#background += 1;
    });
    on('updated', ({ background }) => {
      this.#values.updated += 1;
      if (background) this.#background += 1;
    });
    on('stored', ({ url, bytes }) => this.#bodyBytes.set(url, bytes));
    on('error', () => {
      this.#values.errors += 1;
    });
    // A stored response stood in after a failure (stale-if-error, offline, timeout).
    on('stale', () => {
      this.#values.standIns += 1;
    });
  }

  /** Learns body sizes from a listing, so that hits on entries stored earlier count their bytes. */
  learnSizes(entries: ReadonlyArray<{ url: string; requestUrl: string; bodySize: number }>): void {
    for (const { url, requestUrl, bodySize } of entries) {
      this.#bodyBytes.set(requestUrl, bodySize);
      this.#bodyBytes.set(url, bodySize);
      for (const hitUrl of new Set([requestUrl, url])) {
        this.#values.bytesFromCache += bodySize * (this.#unsizedHits.get(hitUrl) ?? 0);
        this.#unsizedHits.delete(hitUrl);
      }
    }
  }

  get values(): CounterValues {
    const { hits, misses, revalidated, updated, standIns } = this.#values;
    const lookups = hits + misses + revalidated + updated + standIns - this.#background;
    return { ...this.#values, hitRatio: lookups === 0 ? null : hits / lookups };
  }

  reset(): void {
    Object.assign(this.#values, zeroCounts());
    this.#background = 0;
    this.#unsizedHits.clear();
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}

function zeroCounts(): Omit<CounterValues, 'hitRatio'> {
  return {
    hits: 0,
    misses: 0,
    revalidated: 0,
    updated: 0,
    standIns: 0,
    bytesFromCache: 0,
    errors: 0,
  };
}
