// A network body given to its one caller as it arrives, with a copy kept beside it for the store:
// how a first visit's response is answered before admission's code has loaded
// (../cacheable/admission, answerAhead; decision 0027, "Eleventh pass"). BodyBroadcast (in that
// code) does this for any number of callers; this is the one-caller case, small enough for the
// entry. Memory is bounded as decision 0021 wants: the copy is read ahead of the caller until the
// body is whole or passes `maxBytes`; past it the copy goes, and the caller alone sets the pace.

/** A body's bytes as kept: copies (`slice()`), each on an ArrayBuffer of its own. */
export type BodyCopy = Uint8Array<ArrayBuffer>[];

/**
 * `body` as its caller reads it. `onEnd` is told once, before the caller can see the end: the
 * copy of the whole body, or null (past `maxBytes`, failed, or cancelled). A caller that cancels
 * (or aborts: ./abort's followAbort cancels) before the end `abandon`s the request, so an
 * incomplete body is never stored.
 */
export function keptCopy(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  onEnd: (copy: BodyCopy | null) => void,
  abandon: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let copy: BodyCopy | null = [];
  let size = 0;
  const end = (whole: BodyCopy | null) => {
    if (copy) onEnd(whole);
    copy = null;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // While the copy is kept, read on without waiting for the caller (it may never read).
        do {
          const { done, value } = await reader.read();
          if (done) {
            end(copy);
            controller.close();
            return;
          }
          size += value.byteLength;
          // A copy of the bytes: the caller's chunk is its own (it may transfer its buffer).
          if (size > maxBytes) end(null);
          else copy?.push(value.slice());
          controller.enqueue(value);
        } while (copy);
      } catch (error) {
        end(null);
        controller.error(error);
      }
    },
    cancel(reason) {
      end(null);
      // Cancelled before the request is stopped: fetch's cancel resolves, where a body errored
      // by the abort first would reject it (and a `break` out of `for await`).
      const cancelled = reader.cancel(reason).catch(() => {});
      abandon();
      return cancelled;
    },
  });
}
