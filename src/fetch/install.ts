// install(): puts a cached fetch in place of globalThis.fetch, once, and gives back a way out.
import { type CachedFetch, createCachedFetch } from './create-cached-fetch';
import type { CachedFetchOptions } from './options';

const installed = Symbol.for('cached-fetch.installed');

interface Installed {
  original: typeof fetch;
  cached: CachedFetch;
}

/**
 * Replaces `globalThis.fetch` with a cached fetch built on the current one, and returns a
 * function that restores the original. Installing again while installed does not wrap twice: it
 * returns the same restore function's effect.
 */
export function install(options?: CachedFetchOptions): () => void {
  const current = globalThis.fetch as typeof fetch & { [installed]?: Installed };
  const existing = current[installed];
  if (existing) return () => restore(existing);
  const original = current;
  const cached = createCachedFetch({ fetch: original, ...options });
  const state: Installed = { original, cached };
  Object.defineProperty(cached, installed, { value: state });
  setGlobalFetch(cached);
  return () => restore(state);
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
