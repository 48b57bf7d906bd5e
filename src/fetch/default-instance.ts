// The page's one default cache: the exported `cachedFetch` and `install()` share it, so the options
// given to install() (a user partition above all) also hold for the exported instance.

import type { CachedFetch } from './cache-handle';
import type { CachedFetchOptions } from './context/options';
import { resolveOptions } from './context/options';
import { cachedFetchWith, createCachedFetch } from './create-cached-fetch';
import { markLazyNetwork, networkOf } from './network/inner-network';

// Nothing is opened or loaded when the library is imported: the default instance is created at
// its first call, which opens its database then (decision 0027). Opened at import, every page
// would open the default database, also those whose cache uses a store of its own.

/** On the installed globalThis.fetch; shared across copies of the library. */
export const installed = Symbol.for('cached-fetch.installed');

export interface Installed {
  original: typeof fetch;
  cached: CachedFetch;
  options: CachedFetchOptions | undefined;
}

let page: { cached: CachedFetch; options: CachedFetchOptions | undefined } | undefined;
let creating = false;

/** What install() put in place of globalThis.fetch, if it is still there. */
export function installedState(): Installed | undefined {
  return (globalThis.fetch as (typeof fetch & { [installed]?: Installed }) | undefined)?.[
    installed
  ];
}

function create(options: CachedFetchOptions | undefined, make: () => CachedFetch): CachedFetch {
  if (creating) throw new TypeError('cachedFetch cannot be the network of the default cache');
  creating = true;
  try {
    page = { cached: make(), options };
    return page.cached;
  } finally {
    creating = false;
  }
}

/** The installed cache, else this module's default one (created on first use, default options). */
function defaultInstance(): CachedFetch {
  // No options to check: createCachedFetch's checks are left out of pages that only use this.
  return (
    installedState()?.cached ??
    page?.cached ??
    create(undefined, () => cachedFetchWith(resolveOptions(undefined)))
  );
}

/**
 * The page's default cache with `options`, for install(). Throws a TypeError naming the option
 * when the default cache already exists with other options (`cachedFetch` was used first, with
 * default options, or install() was called with others).
 */
export function pageCache(options: CachedFetchOptions | undefined): CachedFetch {
  if (!page) return create(options, () => createCachedFetch(options));
  const conflict = differingOption(page.options, options);
  if (conflict !== undefined) {
    const before =
      page.options === undefined
        ? 'cachedFetch was used before install(), so the page cache has default options'
        : 'install() was already called with other options';
    throw new TypeError(
      `install(): ${before} (options.${conflict} differs). There is one cache per page: call install() once, before the first use of cachedFetch.`,
    );
  }
  return page.cached;
}

/** After uninstall: the next install() or use of cachedFetch starts a new default cache. */
export function releasePageCache(cached: CachedFetch): void {
  if (page?.cached === cached) page = undefined;
}

/** The first option whose value differs (by identity), or undefined when none does. */
export function differingOption(
  a: CachedFetchOptions | undefined,
  b: CachedFetchOptions | undefined,
): string | undefined {
  const left = (a ?? {}) as Record<string, unknown>;
  const right = (b ?? {}) as Record<string, unknown>;
  const names = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const name of names) if (!Object.is(left[name], right[name])) return name;
  return undefined;
}

/**
 * A cached fetch with default options (IndexedDB store, global fetch), created on first call. After
 * `install()` it is the installed instance: the same cache, handle and options.
 */
export const cachedFetch: CachedFetch = Object.defineProperty(
  (input: RequestInfo | URL, init?: RequestInit) => defaultInstance()(input, init),
  'cache',
  { get: () => defaultInstance().cache, enumerable: true },
) as CachedFetch;
markLazyNetwork(cachedFetch, () => networkOf(defaultInstance()));
