// Shared set-up for the browser tests of the cached fetch: real Chromium, real IndexedDB, and the
// scriptable test origin, same-origin (the page's own server) or cross-origin (127.0.0.1).
import { deleteDB } from 'idb';
import { inject } from 'vitest';
import {
  type CachedFetch,
  type CachedFetchOptions,
  type CacheEventMap,
  type CacheEventType,
  createCachedFetch,
} from '../../src/index';
import { IndexedDBStore } from '../../src/stores';
import { type OriginClient, originClient } from '../origin/client';
import type { SeenRequest } from '../origin/server';

/** The test origin served by the page's own server. */
export function sameOrigin(): OriginClient {
  return originClient(location.origin);
}

/** The second copy of the test origin, on 127.0.0.1: cross-origin for this page. */
export function crossOrigin(): OriginClient {
  return originClient(inject('originUrl'));
}

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

/**
 * A clock that moves only when the test says so: staleness without waiting, and exact Age/TTL.
 * It starts a day behind real time, so the origin's own `Date` never adds apparent age
 * (RFC 9111 §4.2.3: apparent_age = max(0, response_time - date_value)).
 */
export function movableClock(): Clock {
  let time = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

let counter = 0;
const opened: { cachedFetch: CachedFetch; name: string }[] = [];

/** A database name no other test uses. */
export function uniqueDbName(label: string): string {
  return `fetch-${label}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A cached fetch on a real IndexedDBStore named `name` (cross-tab messages off unless asked for).
 * Closed, and its database deleted, by `cleanup()`.
 */
export function openCachedFetch(name: string, options: CachedFetchOptions = {}): CachedFetch {
  const cachedFetch = createCachedFetch({
    store: new IndexedDBStore({ name }),
    crossTab: false,
    warnings: false,
    ...options,
  });
  opened.push({ cachedFetch, name });
  return cachedFetch;
}

/** For afterEach: close every cached fetch opened by the test and delete its database. */
export async function cleanup(): Promise<void> {
  const names = new Set<string>();
  for (const { cachedFetch, name } of opened.splice(0)) {
    names.add(name);
    await cachedFetch.cache.close().catch(() => {});
  }
  for (const name of names) await deleteDB(name);
}

/** Resolves with the next event of `type` on `cachedFetch` (register before the request). */
export function nextEvent<T extends CacheEventType>(
  cachedFetch: CachedFetch,
  type: T,
): Promise<CacheEventMap[T]> {
  return new Promise((resolve) => {
    const listener = (event: CacheEventMap[T]) => {
      cachedFetch.cache.removeEventListener(type, listener);
      resolve(event);
    };
    cachedFetch.cache.addEventListener(type, listener);
  });
}

/** Every event of `type` from now on, in order. */
export function recordEvents<T extends CacheEventType>(
  cachedFetch: CachedFetch,
  type: T,
): CacheEventMap[T][] {
  const seen: CacheEventMap[T][] = [];
  cachedFetch.cache.addEventListener(type, (event) => seen.push(event));
  return seen;
}

/** Fetches, reads the body, and waits until the cache has written it. */
export async function fetchAndStore(
  cachedFetch: CachedFetch,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<{ response: Response; body: string }> {
  const stored = nextEvent(cachedFetch, 'stored');
  const response = await cachedFetch(input, init);
  const body = await response.text();
  await stored;
  return { response, body };
}

/** The methods the origin saw, in order (e.g. ['GET', 'OPTIONS', 'GET']). */
export function methods(log: SeenRequest[]): string[] {
  return log.map((request) => request.method);
}

/** Only the GETs the origin saw. */
export function gets(log: SeenRequest[]): SeenRequest[] {
  return log.filter((request) => request.method === 'GET');
}
