// How long a request waits for the store (pitfall 11: IndexedDB can neither answer nor fail, as in
// Safari's hanging opens and WebKitGTK's stalls, decision 0009), with one timer for every waiting
// lookup: a setTimeout and clearTimeout per lookup were a measurable share of a cold hit in
// Chromium (bench, issue 12).

interface Waiting {
  /** Date.now() past which it gives up. */
  due: number;
  giveUp: (reason: unknown) => void;
}

export class LookupDeadline {
  readonly #ms: number;
  /** In the order they began, which is the order they fall due. */
  readonly #waiting = new Set<Waiting>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Settles as `work` does, or rejects with a TimeoutError once `work` has taken too long. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = { due: Date.now() + this.#ms, giveUp: reject };
      this.#waiting.add(waiting);
      // The armed timer is due no later than this lookup (it was armed for an older one).
      this.#timer ??= this.#arm(this.#ms);
      work.then(
        (value) => {
          this.#waiting.delete(waiting);
          resolve(value);
        },
        (error: unknown) => {
          this.#waiting.delete(waiting);
          reject(error);
        },
      );
    });
  }

  /**
   * Not cleared when lookups end (that would be a clearTimeout per lookup again): when it fires with
   * nothing overdue it re-arms for the oldest waiting lookup, or stays unarmed if none waits.
   */
  #arm(ms: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.#timer = undefined;
      const now = Date.now();
      for (const waiting of this.#waiting) {
        if (waiting.due > now) {
          this.#timer = this.#arm(waiting.due - now);
          return;
        }
        this.#waiting.delete(waiting);
        waiting.giveUp(new DOMException(`no answer within ${this.#ms} ms`, 'TimeoutError'));
      }
    }, ms);
    // In Node, a lookup deadline must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    return timer;
  }
}
