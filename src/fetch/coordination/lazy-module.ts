// A module loaded with import() the first time it is needed, then kept: once loaded, callers use
// `loaded` synchronously, so no hit or request waits for an import() again.

export interface LazyModule<M> {
  /** The module, once a load succeeded. */
  readonly loaded: M | undefined;
  /** Loads it (once; a failed load is tried again by the next call). */
  load(): Promise<M>;
}

/**
 * Loads `module` once the page is idle (requestIdleCallback; a timer of 0 where there is none: a
 * worker, Safari): code a later request may need, kept off the path of the data the page waits
 * for now (a hit's page renders before the chunk is fetched and parsed; decision 0027). A failed
 * load is tried again by its first real use.
 */
export function loadSoon(module: LazyModule<unknown>): void {
  if (module.loaded) return;
  const load = () => void module.load().catch(() => {});
  const idle = (globalThis as { requestIdleCallback?: (run: () => void) => unknown })
    .requestIdleCallback;
  if (idle) idle(load);
  else setTimeout(load, 0);
}

export function lazyModule<M>(importModule: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    get loaded() {
      return loaded;
    },
    load() {
      // An import() that throws rather than rejects (a bundler's or test runner's wrapper in a
      // worker) rejects here too: a load never throws, even at module evaluation (preloads).
      loading ??= new Promise<M>((resolve) => resolve(importModule())).then(
        (module) => (loaded = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
