// A module loaded with import() the first time it is needed, then kept: once loaded, callers use
// `loaded` synchronously, so no hit or request waits for an import() again.

export interface LazyModule<M> {
  /** The module, once a load succeeded. */
  readonly loaded: M | undefined;
  /** Loads it (once; a failed load is tried again by the next call). */
  load(): Promise<M>;
}

export function lazyModule<M>(importModule: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    get loaded() {
      return loaded;
    },
    load() {
      loading ??= importModule().then(
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
