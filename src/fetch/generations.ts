// Which invalidations and clears happened since a lookup began: a response fetched before one of
// them must not be written after it (RFC 9111 §4.4, decision 0003), however late its body ends.
export class Generations {
  #all = 0;
  readonly #partitions = new Map<string, number>();
  readonly #keys = new Map<string, number>();

  of(key: string, partition: string): string {
    return `${this.#all}/${this.#partitions.get(partition) ?? 0}/${this.#keys.get(key) ?? 0}`;
  }

  invalidateKey(key: string): void {
    this.#keys.set(key, (this.#keys.get(key) ?? 0) + 1);
  }

  clear(partition: string | undefined): void {
    if (partition === undefined) this.#all++;
    else this.#partitions.set(partition, (this.#partitions.get(partition) ?? 0) + 1);
  }
}
