// install(): puts the page's cached fetch in place of globalThis.fetch, once, and gives back a way out.

import type { CacheHandle } from './cache-handle';
import type { CachedFetchOptions } from './context/options';
import {
  differingOption,
  type Installed,
  installed,
  installedState,
  pageCache,
  releasePageCache,
} from './default-instance';

/**
 * What install() returns: call it to restore the original fetch (the next install() or use of
 * `cachedFetch` then starts a new default cache); `.cache` is the cache handle, closed once the
 * work under way when uninstalling has settled.
 */
export type Uninstall = (() => void) & { readonly cache: CacheHandle };

/**
 * Replaces `globalThis.fetch` with the page's cached fetch, built on the current one, and returns
 * a function that restores the original (with the `cache` handle on it). The exported
 * `cachedFetch` is then the same instance. Installing again with the same options returns the
 * same cache; with other options (or after `cachedFetch` was used with default options) it throws
 * a TypeError naming the option that differs.
 */
export function install(options?: CachedFetchOptions): Uninstall {
  let state = installedState();
  if (state) {
    const conflict = differingOption(state.options, options);
    if (conflict !== undefined) {
      throw new TypeError(
        `install(): already installed with other options (options.${conflict} differs). There is one cache per page: install() once.`,
      );
    }
  } else {
    // Checked before the page cache exists: a rejected install() changes nothing.
    assertGlobalFetchReplaceable();
    const original = globalThis.fetch;
    const cached = pageCache(options);
    state = { original, cached, options };
    Object.defineProperty(cached, installed, { value: state, configurable: true });
    setGlobalFetch(cached);
  }
  const current = state;
  return Object.assign(() => restore(current), { cache: current.cached.cache });
}

function restore(state: Installed): void {
  if (globalThis.fetch !== state.cached) return;
  setGlobalFetch(state.original);
  delete (state.cached as { [installed]?: Installed })[installed];
  releasePageCache(state.cached);
  // Nothing reaches the released cache through the page any more: once the work it started (bodies
  // being stored, revalidations) is done, its store connection and cross-tab channel are closed,
  // or they would stay open (and the channel keep the whole instance alive) for the page's life.
  const { cache } = state.cached;
  cache
    .settled()
    .then(() => cache.close())
    .catch((error: unknown) =>
      console.error('cached-fetch: closing the released cache failed', error),
    );
}

function assertGlobalFetchReplaceable(): void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!descriptor || descriptor.configurable) return;
  if ('value' in descriptor ? descriptor.writable : descriptor.set !== undefined) return;
  throw new TypeError('install(): globalThis.fetch is read-only and not configurable here');
}

/** Instrumenters (msw, APM agents) may define `fetch` as a non-writable property: redefine it then. */
function setGlobalFetch(value: typeof fetch): void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (descriptor && 'value' in descriptor && !descriptor.writable && descriptor.configurable) {
    Object.defineProperty(globalThis, 'fetch', { ...descriptor, value });
  } else {
    globalThis.fetch = value;
  }
}
