// What fetch rejects with when its signal aborts: the signal's reason, else an AbortError.
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Rejects as soon as `signal` aborts; settles with `promise` otherwise. */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | null | undefined,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}

/**
 * A controller that also aborts when `signal` does; `unlink()` drops the listener, so a long-lived
 * caller signal does not keep finished work reachable.
 */
export function linkedController(signal: AbortSignal): {
  controller: AbortController;
  unlink: () => void;
} {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * `body` as fetch would give it to a caller with `signal`: aborting after the head errors the
 * stream with the abort reason and cancels the source. The listener goes when the body settles.
 */
export function followAbort(
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal | null,
): ReadableStream<Uint8Array> | null {
  if (!body || !signal) return body;
  const reader = body.getReader();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onAbort = () => {
        controller.error(abortReason(signal));
        reader.cancel(signal.reason).catch(() => {});
      };
      stop = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        stop();
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
}
