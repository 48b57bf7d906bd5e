// Lookups issued together share one read transaction (decision 0027): an app's boot burst (20
// requests in one task) costs one IndexedDB transaction, not 20. A lookup joins the batch that is
// still gathering: lookups arrive during the same task's microtasks, or while the database opens
// (the first requests of a page), and the batch runs once the database is ready and one more
// microtask has passed.

export interface LookupBatch<Q, R> {
  /** `query`'s answer, read in the same transaction as the other queries of its batch. */
  read(query: Q): Promise<R>;
}

interface Pending<Q, R> {
  query: Q;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers queries until `ready` (the database's open) settles, then runs them with `runAll`, which
 * answers each one in order: a value, or an Error for that query alone. A failure of `runAll`
 * itself (the transaction) rejects every query of the batch.
 */
export function lookupBatch<Q, R>(
  ready: () => Promise<unknown>,
  runAll: (queries: Q[]) => Promise<Array<{ value: R } | { error: unknown }>>,
): LookupBatch<Q, R> {
  let gathering: Pending<Q, R>[] | undefined;
  const run = async (batch: Pending<Q, R>[]) => {
    try {
      const results = await runAll(batch.map(({ query }) => query));
      batch.forEach(({ resolve, reject }, i) => {
        const result = results[i]!;
        if ('value' in result) resolve(result.value);
        else reject(result.error);
      });
    } catch (error) {
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
        // The open's failure is runAll's to report (it opens again and rejects).
        void ready()
          .catch(() => {})
          .then(() => {
            gathering = undefined;
            return run(batch);
          });
      });
    },
  };
}
