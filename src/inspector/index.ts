// cached-fetch/inspector: a live view of a cache, framework-free, for development builds.
/**
 * A live view of a cache for development builds, apart from the main bundle.
 * @module cached-fetch/inspector
 */
import type { CacheHandle } from 'cached-fetch';
import { type InspectorOptions, type MountedInspector, mountInspector } from './inspector';

export type { CounterValues } from './counters';
export type { InspectorOptions, MountedInspector };
export { mountInspector };

/** The custom element `defineInspectorElement()` registers. */
export interface CachedFetchInspectorElement extends HTMLElement {
  /** The cache to show (`cachedFetch.cache`); setting it (re)mounts the inspector. */
  cache: CacheHandle | undefined;
}

/**
 * Registers `<cached-fetch-inspector>` (or another tag name), whose `cache` property takes a
 * cache handle. Nothing is registered until this is called (the package has no side effects).
 *
 * @example
 * defineInspectorElement();
 * document.querySelector('cached-fetch-inspector')!.cache = cachedFetch.cache;
 */
export function defineInspectorElement(tagName = 'cached-fetch-inspector'): void {
  if (customElements.get(tagName)) return;
  customElements.define(
    tagName,
    class extends HTMLElement implements CachedFetchInspectorElement {
      #cache: CacheHandle | undefined;
      #mounted: MountedInspector | undefined;

      get cache(): CacheHandle | undefined {
        return this.#cache;
      }

      set cache(cache: CacheHandle | undefined) {
        this.#cache = cache;
        this.#mount();
      }

      connectedCallback(): void {
        this.#mount();
      }

      disconnectedCallback(): void {
        this.#mounted?.unmount();
        this.#mounted = undefined;
      }

      #mount(): void {
        this.#mounted?.unmount();
        this.#mounted =
          this.#cache && this.isConnected ? mountInspector(this.#cache, this) : undefined;
      }
    },
  );
}
