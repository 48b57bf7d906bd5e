// install(): puts a cached fetch in place of globalThis.fetch, once, and gives back a way out.
import { type CachedFetch, type CacheHandle, createCachedFetch } from './create-cached-fetch';
import type { CachedFetchOptions } from './options';

const installed = Symbol.for('cached-fetch.installed');

interface Installed {
  original: typeof fetch;
  cached: CachedFetch;
}

/** What install() returns: call it to restore the original fetch; `.cache` is the cache handle. */
export type Uninstall = (() => void) & { readonly cache: CacheHandle };

/**
 * Replaces `globalThis.fetch` with a cached fetch built on the current one, and returns a
 * function that restores the original (with the `cache` handle on it). Installing again while
 * installed does not wrap twice: the options are ignored and the installed cache is returned.
 */
export function install(options?: CachedFetchOptions): Uninstall {
  const current = globalThis.fetch as typeof fetch & { [installed]?: Installed };
  const state = current[installed] ?? wrap(current, options);
  return Object.assign(() => restore(state), { cache: state.cached.cache });
}

function wrap(original: typeof fetch, options: CachedFetchOptions | undefined): Installed {
  const cached = createCachedFetch({ fetch: original, ...options });
  const state: Installed = { original, cached };
  Object.defineProperty(cached, installed, { value: state });
  setGlobalFetch(cached);
  return state;
}

function restore(state: Installed): void {
  if (globalThis.fetch === state.cached) setGlobalFetch(state.original);
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
