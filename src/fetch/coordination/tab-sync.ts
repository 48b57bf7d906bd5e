// Coherence across tabs of one origin: invalidations, clears and writes are broadcast (BroadcastChannel),
// and revalidations of one key are serialised with Web Locks (./web-locks) where the browser has them
// and another instance has been heard from (docs/pitfalls.md #12, decision 0016).

import type { InvalidationReason } from '../context/events';

export type TabMessage =
  /**
   * Removed (`cache.delete`), or, with `keys`, marked for revalidation in every partition
   * (decision 0025: `partition` and `urls` then tell an earlier version what to remove).
   */
  | {
      type: 'invalidated';
      partition: string;
      urls: string[];
      keys?: string[];
      reason?: Exclude<InvalidationReason, 'delete'>;
    }
  /** Stored, freshened, evicted or removed: other tabs' memory tiers must read these keys again. */
  | { type: 'written'; keys: string[] }
  | { type: 'cleared'; partition: string | undefined };

/**
 * Presence: a new instance says it is here, naming the database of its store (undefined: not
 * known, so it may be anyone's), and those already there answer the same way.
 */
type Presence = { database: string | undefined; answer?: true | undefined };

export class TabSync {
  #channel: BroadcastChannel | undefined;
  /**
   * Presence goes on a channel of its own: an instance of an earlier version reads any message on
   * 'cached-fetch' it does not know as a clear, and would empty the store whenever one starts.
   */
  #presence: BroadcastChannel | undefined;
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
    const channel = new BroadcastChannel('cached-fetch');
    const presence = new BroadcastChannel('cached-fetch:presence');
    this.#channel = channel;
    this.#presence = presence;
    channel.onmessage = ({ data }: MessageEvent<TabMessage>) => onMessage(data);
    const say = (answer?: true) => {
      try {
        presence.postMessage({ database, answer } satisfies Presence);
      } catch {
        this.alone = false;
      }
    };
    presence.onmessage = ({ data }: MessageEvent<Presence | null>) => {
      // The same database, or either not known: an instance that could contend for a lock.
      if (!data?.database || !database || data.database === database) this.alone = false;
      if (!data?.answer) say(true);
    };
    // Node: an open channel must not keep the process alive.
    for (const open of [channel, presence]) (open as { unref?: () => void }).unref?.();
    this.alone = true;
    say();
  }

  /** Never throws: a channel that fails (closed, unclonable) must not fail the request behind it. */
  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      this.#channel = undefined;
      this.alone = false;
    }
  }

  close(): void {
    this.#channel?.close();
    this.#presence?.close();
    this.#channel = this.#presence = undefined;
    this.alone = false;
  }
}
