// Coherence across tabs of one origin: invalidations, clears and writes are broadcast (BroadcastChannel),
// and revalidations of one key are serialised with Web Locks (./web-locks) where the browser has them
// (pitfall 12).

export type TabMessage =
  | { type: 'invalidated'; partition: string; urls: string[] }
  /** Stored, freshened, evicted or removed: other tabs' memory tiers must read these keys again. */
  | { type: 'written'; keys: string[] }
  | { type: 'cleared'; partition: string | undefined };

export class TabSync {
  #channel: BroadcastChannel | undefined;
  /**
   * Web Locks refused (e.g. SecurityError in an opaque origin): do without for the session. The
   * locks themselves (./web-locks) load with the revalidation path, their only user.
   */
  locksBroken = false;

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

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }
}
