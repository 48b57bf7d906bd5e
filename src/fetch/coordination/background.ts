// Work that runs after the caller has its response (storing a body, a background revalidation, a
// request that outlived its network timeout), so `cache.settled()` can wait for all of it.

export class BackgroundWork {
  readonly #pending = new Set<Promise<void>>();

  /** Keeps `work` until it settles. Its failure is its owner's to report: here it is only awaited. */
  track(work: Promise<unknown>): void {
    const done = work.then(
      () => {},
      () => {},
    );
    this.#pending.add(done);
    void done.then(() => this.#pending.delete(done));
  }

  /** Resolves once nothing is pending, including work started while waiting. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
