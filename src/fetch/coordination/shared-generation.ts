// A generation shared by the pages of one origin (decision 0022): an invalidation or a clear here
// changes it before its promise resolves, and the memory tier of every other page looks at it
// before answering from memory. The BroadcastChannel message that says which keys changed comes
// only after the store's write; without this, another page's memory served the old entry until it
// arrived (RFC 9111 §4.4, logout: decision 0003).
//
// localStorage: synchronous and shared by same-origin pages; a read is a lookup in the page's own
// copy (about a microsecond). Workers and Service Workers have none (nor pages where storage is
// blocked): there the generation does nothing and the channel's message is all there is.

/** What a page reads on every lookup and changes on every invalidation; undefined: none. */
// Spelled out, not `Storage`: the library also compiles where the WebWorker lib has no such type.
type Shared = { getItem(key: string): string | null; setItem(key: string, value: string): void };

export class SharedGeneration {
  #shared: Shared | undefined;
  readonly #name: string;
  /** The value this instance last took into account (its own changes included). */
  #seen: string | null = null;

  /** `database`: the store's IndexedDB database when known; instances on others share nothing. */
  constructor(enabled: boolean, database: string | undefined) {
    this.#name = `cached-fetch:generation:${database ?? ''}`;
    try {
      // Pages only: Node 22+ and Deno have a localStorage of their own (a file, not other pages).
      // The getter itself throws where storage is blocked (SecurityError).
      const shared =
        enabled && 'document' in globalThis
          ? (globalThis as { localStorage?: Shared }).localStorage
          : undefined;
      this.#seen = shared?.getItem(this.#name) ?? null;
      this.#shared = shared;
    } catch {
      this.#shared = undefined;
    }
  }

  /**
   * Whether another instance invalidated or cleared something since this one last looked; then
   * what it holds in memory must be read again from the store (the truth). Never throws.
   */
  moved(): boolean {
    const now = this.#read();
    if (now === this.#seen) return false;
    this.#seen = now;
    return true;
  }

  /**
   * Changes the generation: every other instance's next lookup reads the store. This instance
   * takes its own change as seen only if it had seen everything before it (else its next lookup
   * forgets its memory too). Never throws: storage full or gone leaves the messages to do it.
   */
  bump(): void {
    const before = this.#read();
    // Unique, not a counter: two pages bumping at once must not write the same value.
    const next = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
    try {
      this.#shared?.setItem(this.#name, next);
      if (before === this.#seen) this.#seen = next;
    } catch {
      this.#shared = undefined;
    }
  }

  #read(): string | null {
    try {
      return this.#shared ? this.#shared.getItem(this.#name) : this.#seen;
    } catch {
      this.#shared = undefined;
      return this.#seen;
    }
  }
}
