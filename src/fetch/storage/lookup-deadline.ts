// How long a request waits for the store (docs/pitfalls.md #11: IndexedDB can neither answer nor fail, as in
// Safari's hanging opens and WebKitGTK's stalls, decision 0009), with one timer for every waiting
// lookup: a setTimeout and clearTimeout per lookup were a measurable share of a cold hit in
// Chromium (bench, issue 12; decision 0016).

/** How long a request waits for the store (its chunk's load and its open included), in ms. */
export const STORE_DEADLINE_MS = 5_000;

/**
 * A race that settles as its work does, or rejects with a TimeoutError once the work has taken
 * `ms`. The timer is not cleared when work ends (that would be a clearTimeout per lookup again):
 * when it fires with nothing overdue, it is armed again for the oldest waiting lookup, if any.
 * Time is `performance.now()`: the wall clock can jump.
 */
export function lookupDeadline(ms: number): <T>(work: Promise<T>) => Promise<T> {
  /** Each waiting lookup's give-up and due time, in the order they began: the order they fall due. */
  const waiting = new Map<(reason: unknown) => void, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (delay: number): void => {
    timer = setTimeout(() => {
      timer = undefined;
      const now = performance.now();
      for (const [giveUp, due] of waiting) {
        if (due > now) return arm(due - now);
        waiting.delete(giveUp);
        giveUp(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
      }
    }, delay);
  };
  // Node: the timer keeps the process alive while a lookup waits (it will be answered), and not
  // after. Browsers' timers are numbers: nothing to do.
  const hold = (held: boolean) =>
    (timer as { ref?: () => void; unref?: () => void } | undefined)?.[held ? 'ref' : 'unref']?.();
  return (work) =>
    new Promise((resolve, reject) => {
      waiting.set(reject, performance.now() + ms);
      if (timer === undefined) arm(ms);
      else hold(true);
      work
        .finally(() => {
          waiting.delete(reject);
          if (waiting.size === 0) hold(false);
        })
        .then(resolve, reject);
    });
}
