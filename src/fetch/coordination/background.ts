// Work under way that something waits for: what runs after the caller has its response (storing a
// body, a background revalidation, a request that outlived its network timeout), so that
// `cache.settled()` can wait for all of it; and the `cache.invalidate()` calls under way, which
// the requests made meanwhile wait for (../route).

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

  /** Whether anything is pending: a caller that has nothing to wait for goes on without a tick. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /** Resolves once nothing is pending, including work started while waiting. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
