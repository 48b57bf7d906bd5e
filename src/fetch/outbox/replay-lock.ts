// Exactly one replayer at a time across the tabs and workers of one database: a Web Lock named for
// it, waited for (not skipped), so that a flush() in any tab resolves only after the replay that
// holds the lock, and then finds in the store what that replay left.

interface Locks {
  request<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * Runs `fn` holding the outbox lock of `database`, or at once where there are no Web Locks (Node,
 * old engines: within one instance passes still run one at a time, ./outbox; across tabs the
 * Idempotency-Key is then the only guard). Locks that fail to be granted (an opaque origin's
 * SecurityError) are given up for the instance, as the revalidation locks are.
 */
export async function withReplayLock<T>(
  database: string,
  state: { locksBroken: boolean },
  fn: () => Promise<T>,
): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
  if (!locks || state.locksBroken) return fn();
  let entered = false;
  try {
    return await locks.request(`cached-fetch:outbox:${database}`, () => {
      entered = true;
      return fn();
    });
  } catch (error) {
    if (entered) throw error;
    state.locksBroken = true;
    return fn();
  }
}
