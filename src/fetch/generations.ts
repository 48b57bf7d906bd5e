// Which invalidations and clears happened since a lookup began: a response fetched before one of
// them must not be written after it (RFC 9111 §4.4, decision 0003), however late its body ends.
/** Past this many invalidated keys, start over (see `invalidateKey`). */
const maxTrackedKeys = 10_000;

export class Generations {
  #all = 0;
  readonly #partitions = new Map<string, number>();
  readonly #keys = new Map<string, number>();

  of(key: string, partition: string): string {
    return `${this.#all}/${this.#partitions.get(partition) ?? 0}/${this.#keys.get(key) ?? 0}`;
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
}
