// Coherence across tabs of one origin: invalidations, clears and writes are broadcast (BroadcastChannel),
// and revalidations of one key are serialised with Web Locks (./web-locks) where the browser has them
// and another instance has been heard from (pitfall 12, decision 0016).

export type TabMessage =
  | { type: 'invalidated'; partition: string; urls: string[] }
  /** Stored, freshened, evicted or removed: other tabs' memory tiers must read these keys again. */
  | { type: 'written'; keys: string[] }
  | { type: 'cleared'; partition: string | undefined };

/**
 * Presence: a new instance says it is `here`, naming the database of its store (undefined: not
 * known, so it may be anyone's), and those already there answer the same way.
 */
type Presence = { type: 'here'; database: string | undefined; answer?: true };

export class TabSync {
  #channel: BroadcastChannel | undefined;
  /**
   * No other instance (a tab, a worker) of this origin on the same store can be revalidating
   * beside this one: it has a channel and has heard nobody on it. Then a revalidation asks for no
   * Web Lock, a round trip to the browser before the conditional request can go (about 1 ms in
   * Chromium, a sixth of a 304; decision 0016). Without a channel (crossTab: false, no
   * BroadcastChannel) nobody can be ruled out.
   */
  alone = false;
  /**
   * Web Locks refused (e.g. SecurityError in an opaque origin): do without for the session. The
   * locks themselves (./web-locks) load with the revalidation path, their only user.
   */
  locksBroken = false;

  /** `database`: the name of the store's IndexedDB database, when known. */
  constructor(
    enabled: boolean,
    database: string | undefined,
    onMessage: (message: TabMessage) => void,
  ) {
    if (!enabled || typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel('cached-fetch');
    this.#channel.onmessage = ({ data }: MessageEvent<TabMessage | Presence>) => {
      if (data.type !== 'here') return onMessage(data);
      // The same database, or either not known: an instance that could contend for a lock.
      if (!data.database || !database || data.database === database) this.alone = false;
      if (!data.answer) this.post({ type: 'here', database, answer: true });
    };
    // Node: an open channel must not keep the process alive.
    (this.#channel as { unref?: () => void }).unref?.();
    this.alone = true;
    this.post({ type: 'here', database });
  }

  /** Never throws: a channel that fails (closed, unclonable) must not fail the request behind it. */
  post(message: TabMessage | Presence): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      this.#channel = undefined;
      this.alone = false;
    }
  }

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
    this.alone = false;
  }
}
