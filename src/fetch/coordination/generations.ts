// Which invalidations and clears happened since a lookup began: a response fetched before one of
// them must not be written after it (RFC 9111 §4.4, decision 0003), however late its body ends.
// And which partitions another page cleared (its logout) while this page still names them
// (decision 0022): nothing more is written for those here.
/** Past this many invalidated keys, start over (see `invalidateKey`). */
const maxTrackedKeys = 10_000;

export class Generations {
  #all = 0;
  readonly #partitions = new Map<string, number>();
  readonly #keys = new Map<string, number>();
  /**
   * Partitions another page cleared: closed for writes here until this page names another. The
   * value: whether a request of it was seen since (so that it is reported once).
   */
  readonly #closed = new Map<string, boolean>();

  of(key: string, partition: string): string {
    return `${this.#all}/${this.#partitions.get(partition) ?? 0}/${this.#keys.get(key) ?? 0}`;
  }

  /** Whether a response looked up at `generation` may still be written. */
  writable(key: string, partition: string, generation: string): boolean {
    return !this.#closed.has(partition) && this.of(key, partition) === generation;
  }

  invalidateKey(key: string): void {
    // Bounded memory in a long session: starting over makes every write in flight stale, which
    // only ever skips a write (safe), never allows one.
    if (this.#keys.size >= maxTrackedKeys) this.clear(undefined);
    this.#keys.set(key, (this.#keys.get(key) ?? 0) + 1);
  }

  clear(partition: string | undefined): void {
    if (partition === undefined) {
      // Every generation string changes with #all: the per-key and per-partition counts can go.
      this.#all++;
      this.#keys.clear();
      this.#partitions.clear();
    } else this.#partitions.set(partition, (this.#partitions.get(partition) ?? 0) + 1);
  }

  /**
   * Another page cleared `partition`: a logout there. A page whose app has not noticed yet still
   * names that user; what it fetches is not written, so the user's data does not come back.
   */
  close(partition: string): void {
    this.#closed.set(partition, false);
  }

  /**
   * A request of `partition`: once this page names a partition that is not closed (its app signed
   * the user out, or in as someone), the closed ones open again. True the first time a closed
   * partition is named after it closed (worth telling the developer once).
   */
  use(partition: string): boolean {
    if (this.#closed.size === 0) return false;
    const seen = this.#closed.get(partition);
    if (seen === undefined) this.#closed.clear();
    else this.#closed.set(partition, true);
    return seen === false;
  }
}
