// IndexedDBStore's writes (./indexeddb-writes) load with import() when first needed (issue 24,
// decision 0027: a hit runs none of them), and the store's calls keep their order meanwhile.
//
// IndexedDB orders transactions by creation: a write that awaited the chunk before creating its
// transaction would come after a lookup called after it, which would then not see it (read your
// writes). So while a call waits for the chunk, every later call of the same store waits behind
// it, and all start in call order once the chunk has loaded (or failed to: then the calls that
// needed it reject, or run their stand-in, and the others run). With the chunk loaded, or no call
// waiting, a call starts at once: a hit's lookup waits for nothing more than before.

export type Writes = typeof import('./indexeddb-writes');

let importWrites = () => import('./indexeddb-writes');
let loaded: Writes | undefined;
let loading: Promise<Writes> | undefined;

/** Loads the chunk once; a failed load is tried again by the next call that needs it. */
function loadWrites(): Promise<Writes> {
  if (!loading) {
    // An import() that throws rather than rejects (a wrapper in a worker) rejects here too.
    const load: Promise<Writes> = new Promise<Writes>((resolve) => resolve(importWrites())).then(
      (module) => {
        if (loading === load) loaded = module;
        return module;
      },
      (error: unknown) => {
        if (loading === load) loading = undefined;
        throw error;
      },
    );
    loading = load;
  }
  return loading;
}

let soon = false;

/**
 * Loads the chunk once the page is idle (requestIdleCallback; a timer where there is none), once a
 * lookup found an entry: the page's first write then finds it loaded, and nothing waits.
 */
export function loadWritesSoon(): void {
  if (soon || loaded) return;
  soon = true;
  const load = () => void loadWrites().catch(() => {});
  const idle = (globalThis as { requestIdleCallback?: (run: () => void) => unknown })
    .requestIdleCallback;
  if (idle) idle(load);
  else setTimeout(load, 0);
}

/**
 * Tests only: loads the chunk with `importer` (one that waits, or fails) from now until the
 * returned function is called, as if it had not been loaded yet.
 */
export function loadWritesWith(importer: () => Promise<Writes>): () => void {
  const previous = { importWrites, loaded, loading };
  importWrites = importer;
  loaded = undefined;
  loading = undefined;
  return () => {
    importWrites = previous.importWrites;
    loaded = previous.loaded;
    // A load still under way when held may have ended meanwhile unrecorded: the next call loads.
    loading = previous.loaded && previous.loading;
  };
}

/** The calls of one store that wait for the chunk, in call order. */
interface Waiting {
  starts: Array<() => void>;
  /** The chunk, once loaded. */
  writes?: Writes;
  /** Why the chunk did not load, once it failed. */
  failure?: unknown;
}

/** Keeps one store's calls in call order while a call waits for the writes chunk. */
export class CallOrder {
  #waiting: Waiting | undefined;

  /** Runs `call` now, or after the calls waiting for the chunk when there are any. */
  run<T>(call: () => Promise<T>): Promise<T> {
    const waiting = this.#waiting;
    if (!waiting) return call();
    return new Promise<T>((resolve, reject) => {
      waiting.starts.push(() => {
        try {
          call().then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /**
   * Runs `call` with the writes chunk, loading it first if needed (the calls after it wait). If
   * the chunk cannot load, `withoutChunk` runs in its place, or the call rejects with why.
   */
  write<T>(call: (writes: Writes) => Promise<T>, withoutChunk?: () => Promise<T>): Promise<T> {
    const writes = loaded;
    if (writes) return this.run(() => call(writes));
    let waiting = this.#waiting;
    if (!waiting) {
      const started: Waiting = { starts: [] };
      waiting = started;
      this.#waiting = started;
      const release = () => {
        // Each starts its transaction in the order called (a start's first await is the same
        // for all); one pushed while this runs is started too, after the others.
        for (const start of started.starts) start();
        if (this.#waiting === started) this.#waiting = undefined;
      };
      // Requested once the current task is over: a miss's put comes as its body ends, in the
      // same task as the page's own read of that body, and the page is to show its data before
      // this chunk is requested (issue 24; esbuild's app had writes.js before its first data in
      // one of three fresh-clone CI runs). Calls meanwhile wait behind this one as for the load.
      new Promise((resolve) => setTimeout(resolve, 0)).then(loadWrites).then(
        (module) => {
          started.writes = module;
          release();
        },
        (error: unknown) => {
          started.failure = error;
          release();
        },
      );
    }
    const settled = waiting;
    return this.run(() =>
      settled.writes ? call(settled.writes) : (withoutChunk?.() ?? Promise.reject(settled.failure)),
    );
  }
}
