// Lookups issued together share one read transaction (decision 0027): an app's boot burst (20
// requests in one task) costs one IndexedDB transaction, not 20. A lookup joins the batch that is
// still gathering; a batch gathers until its transaction starts: while the database opens (the
// first requests of a page), or for the microtasks before the open connection's transaction is
// created. A lone lookup on an open database waits for nothing more than it would alone.

export interface LookupBatch<Q, R> {
  /** `query`'s answer, read in the same transaction as the other queries of its batch. */
  read(query: Q): Promise<R>;
  /**
   * Ends the batch still gathering, so later queries start another: a write closes it, so that a
   * lookup called after the write reads in a transaction created after the write's.
   */
  close(): void;
}

interface Pending<Q, R> {
  query: Q;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs each batch with `runAll` at once; `runAll` calls `take` when its transaction has started
 * (closing the batch: later queries start the next one) and answers each query taken, in order:
 * a value, or an Error for that query alone. A failure of `runAll` itself (the open, the
 * transaction) rejects every query of the batch.
 */
export function lookupBatch<Q, R>(
  runAll: (take: () => Q[]) => Promise<Array<{ value: R } | { error: unknown }>>,
): LookupBatch<Q, R> {
  let gathering: Pending<Q, R>[] | undefined;
  const run = async (batch: Pending<Q, R>[]) => {
    const take = () => {
      if (gathering === batch) gathering = undefined;
      return batch.map(({ query }) => query);
    };
    try {
      const results = await runAll(take);
      batch.forEach(({ resolve, reject }, i) => {
        const result = results[i]!;
        if ('value' in result) resolve(result.value);
        else reject(result.error);
      });
    } catch (error) {
      take(); // closed, if it failed before its transaction started (the open)
      for (const { reject } of batch) reject(error);
    }
  };
  return {
    read(query) {
      return new Promise<R>((resolve, reject) => {
        if (gathering) {
          gathering.push({ query, resolve, reject });
          return;
        }
        const batch: Pending<Q, R>[] = [{ query, resolve, reject }];
        gathering = batch;
        void run(batch);
      });
    },
    close() {
      gathering = undefined;
    },
  };
}
