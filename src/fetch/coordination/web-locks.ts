// Revalidations of one key serialised across tabs with Web Locks where the browser has them
// (docs/pitfalls.md #12). Part of the revalidation path, loaded with it; the session's "locks are broken"
// flag lives on the instance's TabSync.
import type { TabSync } from './tab-sync';

interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    fn: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

/** The browser's locks, unless they are broken or nobody else could contend for them. */
function lockManager(tabs: TabSync): LockManagerLike | undefined {
  if (tabs.locksBroken || tabs.alone) return undefined;
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

/** A lock request that failed for another reason than our own abort: go on without locks. */
function giveUpLocks(tabs: TabSync, error: unknown, signal?: AbortSignal): void {
  if (signal?.aborted) throw error;
  tabs.locksBroken = true;
}

/**
 * Runs `fn` holding the lock `name` in every tab. `fn` learns whether another tab held it first
 * (then it should look in the store again: that tab may have done the work). Without Web Locks,
 * runs `fn` at once.
 */
export async function exclusive<T>(
  tabs: TabSync,
  name: string,
  signal: AbortSignal,
  fn: (waited: boolean) => Promise<T>,
): Promise<T> {
  const locks = lockManager(tabs);
  if (!locks) return fn(false);
  const lockName = `cached-fetch:${name}`;
  let entered = false;
  const enter = (waited: boolean) => {
    entered = true;
    return fn(waited);
  };
  try {
    const first = await locks.request(lockName, { ifAvailable: true }, async (lock) =>
      lock === null ? undefined : { value: await enter(false) },
    );
    if (first) return first.value;
    return await locks.request(lockName, { signal }, () => enter(true));
  } catch (error) {
    if (entered) throw error;
    giveUpLocks(tabs, error, signal);
    return fn(false);
  }
}

/** Runs `fn` only if no tab holds the lock `name`; resolves to undefined when another tab does. */
export async function ifAvailable<T>(
  tabs: TabSync,
  name: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  const locks = lockManager(tabs);
  if (!locks) return fn();
  let entered = false;
  try {
    return await locks.request(`cached-fetch:${name}`, { ifAvailable: true }, (lock) => {
      if (lock === null) return Promise.resolve(undefined);
      entered = true;
      return fn();
    });
  } catch (error) {
    if (entered) throw error;
    giveUpLocks(tabs, error);
    return fn();
  }
}
