// How stores tell their owner about trouble they handled themselves, and the one error that makes
// a FallbackStore switch to memory.

/** What a store was doing when it reported an error, and what it did about it. */
export interface StoreErrorContext {
  /**
   * `open`: opening the database (including a `blocked` upgrade); otherwise the store method or
   * governor step that failed (`put`, `touch`, `prune`, `getVariants`, ...).
   */
  operation: string;
  /**
   * - `retry`: the store tries again by itself (a blocked open waits, a lost connection reopens);
   * - `memory`: the store switched to memory for the rest of the session;
   * - `skipped`: that one step was given up (e.g. a response not stored); nothing failed for the caller.
   */
  recovery: 'retry' | 'memory' | 'skipped';
}

/** Receives errors a store or governor handled without failing the caller. Should not throw. */
export type StoreErrorHandler = (error: unknown, context: StoreErrorContext) => void;

/**
 * The store could not be opened at all (IndexedDB missing or refusing, an open that timed out,
 * object stores missing after open). `FallbackStore` switches to memory when it sees this.
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** Calls a user callback so that a throwing callback never breaks the store's own work. */
export function notify<Args extends unknown[]>(
  callback: ((...args: Args) => void) | undefined,
  ...args: Args
): void {
  if (!callback) return;
  try {
    callback(...args);
  } catch (error) {
    // Like an EventTarget listener: the exception surfaces, but not into the caller's flow.
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** Unwraps the browser's quota error (a DOMException) or an equivalent from a custom store. */
export function isQuotaExceeded(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}
