// Coherence across tabs of one origin: invalidations, clears and writes are broadcast (BroadcastChannel),
// and revalidations of one key are serialised with Web Locks (./web-locks) where the browser has them
// and another instance has been heard from (pitfall 12, decision 0016).

export type TabMessage =
  | { type: 'invalidated'; partition: string; urls: string[] }
  /** Stored, freshened, evicted or removed: other tabs' memory tiers must read these keys again. */
  | { type: 'written'; keys: string[] }
  | { type: 'cleared'; partition: string | undefined };

/**
 * Presence: a new instance says `hello`, and those already there answer `here`, each naming the
 * database of its store (undefined: not known, so it may be anyone's).
 */
type Presence =
  | { type: 'hello'; database: string | undefined }
  | { type: 'here'; database: string | undefined };

export class TabSync {
  #channel: BroadcastChannel | undefined;
  /**
   * Another instance (a tab, a worker) of this origin on the same store was heard from. Until then
   * a revalidation of ours cannot run beside another's that it could use, and asks for no Web Lock:
   * a lock request is a round trip to the browser before the conditional request can go (about
   * 1 ms in Chromium, a sixth of a 304; decision 0016).
   */
  #othersHeard = false;
  readonly #database: string | undefined;
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
    this.#database = database;
    if (!enabled || typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel('cached-fetch');
    this.#channel.onmessage = ({ data }: MessageEvent<TabMessage | Presence>) => {
      if (data.type !== 'hello' && data.type !== 'here') return onMessage(data);
      const theirs = data.database;
      if (theirs === undefined || database === undefined || theirs === database) {
        this.#othersHeard = true;
      }
      if (data.type === 'hello') this.post({ type: 'here', database });
    };
    // Node: an open channel must not keep the process alive.
    (this.#channel as { unref?: () => void }).unref?.();
    this.post({ type: 'hello', database });
  }

  /**
   * No other instance can be revalidating beside this one: it has a channel and heard nobody on
   * it. Without a channel (crossTab: false, no BroadcastChannel) nobody can be ruled out.
   */
  get alone(): boolean {
    return this.#channel !== undefined && !this.#othersHeard;
  }

  /** Never throws: a channel that fails (closed, unclonable) must not fail the request behind it. */
  post(message: TabMessage | Presence): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      this.#channel = undefined;
    }
  }

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }
}
