// A module loaded with import() the first time it is needed, then kept: once loaded, callers use
// `loaded` synchronously, so no hit or request waits for an import() again.

export interface LazyModule<M> {
  /** The module, once a load succeeded. */
  readonly loaded: M | undefined;
  /** Loads it (once; a failed load is tried again by the next call). */
  load(): Promise<M>;
}

/** Counts the cache's calls and answers: see `whenQuiet`. */
let activity = 0;
/** Lookups begun and not answered yet: see `whenQuiet`. */
let lookupsUnderway = 0;

/**
 * A call of a cached fetch started, or a lookup began (`lookups` 1) or answered (-1): the cache is
 * not quiet, nor while a lookup is under way. The page is idle while IndexedDB reads, and a chunk
 * loaded then was parsed before the answers: WebKit, which has no requestIdleCallback, took 11-12
 * ms for a boot burst of 20 hits that takes 5.5 without (decision 0027, "Ninth pass").
 */
export function noteActivity(lookups = 0): void {
  activity++;
  lookupsUnderway += lookups;
}

/**
 * Runs `run` once the page is idle (requestIdleCallback; a timer of 0 where there is none: a
 * worker, Safari), no lookup is under way, and no call of a cached fetch started or answered since
 * the idle moment before: code a later request may need, kept off the path of the data the page
 * waits for now. An app's boot burst answered from storage leaves the page idle while IndexedDB
 * reads, and a chunk's parse then came before its answers (decision 0027, "Seventh pass":
 * Chromium's burst of 20, 4.2 ms with nothing loaded meanwhile, 6.2-6.6 ms with the chunks loaded
 * at the first idle).
 */
export function whenQuiet(run: () => void): void {
  let seen = activity;
  // A page that keeps the cache busy gets it anyway, after this many idle moments.
  let checks = 20;
  const check = () => {
    if ((seen === activity && lookupsUnderway === 0) || --checks === 0) return run();
    seen = activity;
    onIdle(check);
  };
  onIdle(check);
}

/**
 * One idle moment (at most `timeoutMs` away): a first visit's store is loaded then, after the task
 * in which the page reads and shows the data that made the write (decision 0027, "Eighth pass").
 */
export function afterIdle(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => onIdle(resolve, timeoutMs));
}

/** `run` at the page's next idle moment (requestIdleCallback; a timer of 0 where there is none). */
function onIdle(run: () => void, timeoutMs?: number): void {
  const idle = (
    globalThis as {
      requestIdleCallback?: (run: () => void, options: { timeout?: number | undefined }) => unknown;
    }
  ).requestIdleCallback;
  // `timeout: undefined` is no timeout (WebIDL: the member is absent, its default 0 means none).
  if (idle) idle(run, { timeout: timeoutMs });
  else setTimeout(run, 0);
}

/** Loads `module` when the cache is quiet (`whenQuiet`). A failed load is tried again by its first real use. */
export function loadSoon(module: LazyModule<unknown>): void {
  if (module.loaded) return;
  whenQuiet(() => void module.load().catch(() => {}));
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
