// All-or-nothing transactions: the one place that decides what a failed transaction leaves behind.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CacheDB } from './indexeddb-schema';

type Names = StoreNames<CacheDB>[];
export type CacheTransaction<N extends Names, M extends IDBTransactionMode> = IDBPTransaction<
  CacheDB,
  N,
  M
>;

/**
 * Runs `work` in one transaction over `names`. A readwrite transaction resolves once it has
 * committed; a readonly one as soon as `work` has its results (its requests succeeded: waiting for
 * `complete` would only add a round trip to IndexedDB to every read).
 *
 * Invariants `work` must keep: it awaits nothing but requests of `tx` (any other await lets the
 * transaction auto-commit half done), and it awaits every request it issues (so none rejects
 * unobserved).
 *
 * Guarantees: if `work` throws (even synchronously, e.g. a DataCloneError from `put`) or any
 * request fails, the transaction is aborted, so nothing it wrote is kept. The rejection carries
 * the transaction's own error when it has one (e.g. QuotaExceededError, which reaches requests
 * only as AbortError), else what `work` threw.
 */
export async function inTransaction<N extends Names, M extends IDBTransactionMode, T>(
  db: IDBPDatabase<CacheDB>,
  names: N,
  mode: M,
  work: (tx: CacheTransaction<N, M>) => Promise<T>,
  options?: IDBTransactionOptions,
): Promise<T> {
  const tx = db.transaction(names, mode, options);
  try {
    const result = await work(tx);
    if (mode === 'readonly') {
      const ended: Promise<unknown> = tx.done
        .catch(() => {})
        .then(() => readsUnderWay.delete(ended));
      readsUnderWay.add(ended);
    } else await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted or committed: nothing more to undo.
    }
    await tx.done.catch(() => {});
    throw tx.error ?? error;
  }
}

/**
 * Readonly transactions whose callers have their results but that may not have ended yet. Each
 * leaves the set when it ends: a page that looks things up all day holds none of them.
 */
const readsUnderWay = new Set<Promise<unknown>>();

/**
 * Resolves once every readonly transaction `inTransaction` ran so far has ended, so a closed
 * connection is really closed (another tab's delete or upgrade is then not blocked, even for a
 * moment). Readwrite transactions end before their callers resume.
 */
export async function readsEnded(): Promise<void> {
  await Promise.all(readsUnderWay);
}

type Results<T extends readonly (() => Promise<unknown>)[]> = {
  -readonly [K in keyof T]: Awaited<ReturnType<T[K]>>;
};

/**
 * Issues requests of one transaction side by side and awaits them all. Must not leave a promise
 * unobserved: if issuing one throws synchronously (the transaction went inactive or aborted
 * between two requests), the ones already issued will reject with AbortError once `inTransaction`
 * aborts, so they are observed before the throw goes on (in Node an unhandled rejection ends the
 * process).
 */
export function requestsTogether<T extends readonly (() => Promise<unknown>)[]>(
  issue: T,
): Promise<Results<T>> {
  const issued: Promise<unknown>[] = [];
  try {
    for (const request of issue) issued.push(request());
  } catch (error) {
    for (const request of issued) request.catch(() => {});
    throw error;
  }
  return Promise.all(issued) as Promise<Results<T>>;
}
