// How long a request waits for the store (pitfall 11: IndexedDB can neither answer nor fail, as in
// Safari's hanging opens and WebKitGTK's stalls, decision 0009), with one timer for every waiting
// lookup: a setTimeout and clearTimeout per lookup were a measurable share of a cold hit in
// Chromium (bench, issue 12).

/**
 * A race that settles as its work does, or rejects with a TimeoutError once the work has taken
 * `ms`. The timer is not cleared when work ends (that would be a clearTimeout per lookup again):
 * when it fires with nothing overdue, it is armed again for the oldest waiting lookup, if any.
 */
export function lookupDeadline(ms: number): <T>(work: Promise<T>) => Promise<T> {
  /** Each waiting lookup's give-up and due time, in the order they began: the order they fall due. */
  const waiting = new Map<(reason: unknown) => void, number>();
  let armed = false;
  const arm = (delay: number): void => {
    armed = true;
    const timer = setTimeout(() => {
      armed = false;
      const now = Date.now();
      for (const [giveUp, due] of waiting) {
        if (due > now) return arm(due - now);
        waiting.delete(giveUp);
        giveUp(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
      }
    }, delay);
    // In Node, a lookup deadline must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  return (work) =>
    new Promise((resolve, reject) => {
      waiting.set(reject, Date.now() + ms);
      if (!armed) arm(ms);
      work.finally(() => waiting.delete(reject)).then(resolve, reject);
    });
}
