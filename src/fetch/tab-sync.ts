// Coherence across tabs of one origin: invalidations, clears and writes are broadcast (BroadcastChannel),
// and revalidations of one key are serialised with Web Locks where the browser has them (pitfall 12).

export type TabMessage =
  | { type: 'invalidated'; partition: string; urls: string[] }
  /** Stored, freshened, evicted or removed: other tabs' memory tiers must read these keys again. */
  | { type: 'written'; keys: string[] }
  | { type: 'cleared'; partition: string | undefined };

interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    fn: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

function lockManager(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

export class TabSync {
  #channel: BroadcastChannel | undefined;
  /** Web Locks refused (e.g. SecurityError in an opaque origin): do without for the session. */
  #locksBroken = false;

  constructor(enabled: boolean, onMessage: (message: TabMessage) => void) {
    if (!enabled || typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel('cached-fetch');
    this.#channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
    // Node: an open channel must not keep the process alive.
    (this.#channel as { unref?: () => void }).unref?.();
  }

  /** Never throws: a channel that fails (closed, unclonable) must not fail the request behind it. */
  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      this.#channel = undefined;
    }
  }

  /**
   * Runs `fn` holding the lock `name` in every tab. `fn` learns whether another tab held it first
   * (then it should look in the store again: that tab may have done the work). Without Web Locks,
   * runs `fn` at once.
   */
  async exclusive<T>(
    name: string,
    signal: AbortSignal,
    fn: (waited: boolean) => Promise<T>,
  ): Promise<T> {
    const locks = this.#locks();
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
      this.#giveUpLocks(error, signal);
      return fn(false);
    }
  }

  /** Runs `fn` only if no tab holds the lock `name`; resolves to undefined when another tab does. */
  async ifAvailable<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    const locks = this.#locks();
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
      this.#giveUpLocks(error);
      return fn();
    }
  }

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }

  #locks(): LockManagerLike | undefined {
    return this.#locksBroken ? undefined : lockManager();
  }

  /** A lock request that failed for another reason than our own abort: go on without locks. */
  #giveUpLocks(error: unknown, signal?: AbortSignal): void {
    if (signal?.aborted) throw error;
    this.#locksBroken = true;
  }
}
