// Coherence across tabs of one origin: invalidations and clears are broadcast (BroadcastChannel),
// and revalidations of one key are serialised with Web Locks where the browser has them (pitfall 12).

export type TabMessage =
  | { type: 'invalidated'; partition: string; urls: string[] }
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
  readonly #channel: BroadcastChannel | undefined;

  constructor(enabled: boolean, onMessage: (message: TabMessage) => void) {
    if (!enabled || typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel('cached-fetch');
    this.#channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
    // Node: an open channel must not keep the process alive.
    (this.#channel as { unref?: () => void }).unref?.();
  }

  post(message: TabMessage): void {
    this.#channel?.postMessage(message);
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
    const locks = lockManager();
    if (!locks) return fn(false);
    const lockName = `cached-fetch:${name}`;
    let ran = false;
    const first = await locks.request(lockName, { ifAvailable: true }, async (lock) => {
      if (lock === null) return undefined;
      ran = true;
      return { value: await fn(false) };
    });
    if (ran && first) return first.value;
    return locks.request(lockName, { signal }, () => fn(true));
  }

  /** Runs `fn` only if no tab holds the lock `name`; resolves to undefined when another tab does. */
  async ifAvailable<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    const locks = lockManager();
    if (!locks) return fn();
    return locks.request(`cached-fetch:${name}`, { ifAvailable: true }, (lock) =>
      lock === null ? Promise.resolve(undefined) : fn(),
    );
  }

  close(): void {
    this.#channel?.close();
  }
}
