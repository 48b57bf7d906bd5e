// One network body, read once, streamed to every caller that shares it, and kept for storage.
// The stored copy is handed out only when the body arrived completely (never a truncated one).
// Memory is bounded (decision 0021): the network is read only as fast as the slowest caller who
// reads, or as the store needs (at most maxEntryBytes), never ahead into an unbounded queue.
import { abortReason } from './abort';
import { ReplayUnavailable } from './replay-unavailable';

type Controller = ReadableStreamDefaultController<Uint8Array>;

/**
 * How far the network may run ahead of the slowest reading caller once the body is not being
 * stored: a few network chunks (16–64 KiB each in browsers and undici), so a caller who reads as
 * fast as the network rarely waits on a read, while an idle or slow one holds at most this much.
 */
export const READ_AHEAD_BYTES = 256 * 1024;

/** One caller's stream: where it is in the body. It holds its stream only weakly (GC, below). */
interface Subscriber {
  /** The byte offset of the next chunk it gets. */
  offset: number;
  /** It asked for bytes at least once: from then on, the slowest such caller sets the pace. */
  reading: boolean;
  controller: WeakRef<Controller>;
  /**
   * Its controller, held strongly from its first read until it leaves. A caller who reads may do
   * so through the browser (`text()`, `arrayBuffer()`, a pipe), and nothing but this broadcast
   * reaches that reader between two reads: held weakly, it was collected mid-body, and `text()`
   * never settled (decision 0026, "The hang").
   */
  held: Controller | undefined;
  /** Wakes its pending read when bytes arrive or the body ends. */
  wake: (() => void) | undefined;
  detach: () => void;
}

/**
 * A caller who drops its Response without reading or cancelling it: once its stream is garbage,
 * it stops counting (where the engine tells, via FinalizationRegistry; ES2021, every target).
 */
const droppedStreams = new FinalizationRegistry<() => void>((forget) => forget());

export class BodyBroadcast {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #onAbandoned: () => void;
  readonly #maxBytes: number;
  readonly #expectedLength: number | undefined;
  readonly #subscribers = new Set<Subscriber>();
  /**
   * The bytes some reader still needs: from `#windowStart` to `#received`. Invariant: it starts at
   * byte 0 until the first subscriber came (the caller who started the request gets every byte),
   * and while the body is being stored (or is stored: late joiners replay it).
   */
  #window: Uint8Array[] = [];
  #windowStart = 0;
  #received = 0;
  /** The store still wants the body: it drives the reading, up to maxBytes. */
  #storing = true;
  #stored = false;
  #subscribed = false;
  /** Nobody will subscribe (a background revalidation): stop once the store is done with it. */
  #unread = false;
  #reading = false;
  #state: 'reading' | 'done' | 'failed' = 'reading';
  #error: unknown;
  #resolveComplete!: (body: ArrayBuffer | null) => void;

  /**
   * Resolves to the whole body once it arrived intact, or to null as soon as it cannot be stored
   * (failed, cut, or grew past maxBytes): the callers may still be reading it.
   */
  readonly complete: Promise<ArrayBuffer | null>;

  /**
   * @param expectedLength Content-Length when the body is not content-coded: a body of another
   *   length is truncated or corrupt and is not stored.
   * @param maxBytes Past this many bytes (decoded) the body is not stored; callers get all of it.
   * @param onAbandoned Called when the body is stopped before its end: stop the network.
   */
  constructor(
    source: ReadableStream<Uint8Array> | null,
    options: {
      expectedLength?: number | undefined;
      maxBytes?: number | undefined;
      onAbandoned: () => void;
    },
  ) {
    this.complete = new Promise((resolve) => {
      this.#resolveComplete = resolve;
    });
    this.#expectedLength = options.expectedLength;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.#onAbandoned = options.onAbandoned;
    if (source === null) {
      this.#state = 'done';
      this.#stored = true;
      this.#resolveComplete(new ArrayBuffer(0));
      return;
    }
    this.#reader = source.getReader();
    this.#pull();
  }

  /** Reads one more chunk if a reader, or the store, has room for it. */
  #pull(): void {
    if (this.#state !== 'reading' || this.#reading || !this.#wanted()) return;
    this.#reading = true;
    this.#reader!.read().then(
      (result) => {
        this.#reading = false;
        if (this.#state !== 'reading') return;
        if (result.done) return this.#finish();
        this.#append(result.value);
        this.#pull();
      },
      (error: unknown) => {
        this.#reading = false;
        this.#fail(error);
      },
    );
  }

  /**
   * The store reads on until the body is whole or too big. Otherwise the slowest caller who reads
   * sets the pace; a caller who has not read yet holds nobody back (two callers reading one after
   * the other must not wait on each other), and with nobody reading the network pauses.
   */
  #wanted(): boolean {
    if (this.#storing) return true;
    let reading = false;
    for (const subscriber of this.#subscribers) {
      if (!subscriber.reading) continue;
      if (this.#received - subscriber.offset >= READ_AHEAD_BYTES) return false;
      reading = true;
    }
    return reading;
  }

  #append(chunk: Uint8Array): void {
    this.#window.push(chunk);
    this.#received += chunk.byteLength;
    if (this.#storing && this.#received > this.#maxBytes) this.#stopStoring();
    for (const subscriber of this.#subscribers) subscriber.wake?.();
  }

  /** Storing is abandoned: what only the store held goes, and nothing is read for it any more. */
  #stopStoring(): void {
    this.#storing = false;
    this.#resolveComplete(null);
    this.#trim();
    this.#stopIfUnread();
  }

  #finish(): void {
    this.#state = 'done';
    const intact = this.#expectedLength === undefined || this.#expectedLength === this.#received;
    let whole: ArrayBuffer | null = null;
    if (this.#storing && intact) {
      whole = concat(this.#window, this.#received);
      this.#window = [new Uint8Array(whole)];
      this.#stored = true;
    }
    this.#storing = false;
    this.#trim();
    // Resolved before the subscribers see the end, so `complete`'s reactions (registering the
    // write, read-your-writes) run before anything a caller does once it has read the body.
    this.#resolveComplete(whole);
    for (const subscriber of this.#subscribers) subscriber.wake?.();
  }

  #fail(error: unknown): void {
    if (this.#state !== 'reading') return;
    this.#state = 'failed';
    this.#error = error;
    this.#storing = false;
    this.#window = [];
    for (const subscriber of this.#subscribers) {
      subscriber.detach();
      subscriber.controller.deref()?.error(error);
      subscriber.wake?.();
    }
    this.#subscribers.clear();
    this.#resolveComplete(null);
  }

  /** Stops the network: nobody is left to read the body and the store does not want it. */
  #stop(reason: unknown): void {
    this.#fail(reason);
    this.#reader?.cancel().catch(() => {});
    this.#onAbandoned();
  }

  #stopIfUnread(): void {
    if (this.#state !== 'reading' || this.#storing || this.#subscribers.size > 0) return;
    if (this.#subscribed || this.#unread) this.#stop(AbortSignal.abort().reason);
  }

  /** Drops the chunks every subscriber has read, unless the whole body is still wanted. */
  #trim(): void {
    if (this.#storing || this.#stored || !this.#subscribed) return;
    let keepFrom = this.#received;
    for (const subscriber of this.#subscribers) keepFrom = Math.min(keepFrom, subscriber.offset);
    let drop = 0;
    while (
      drop < this.#window.length &&
      this.#windowStart + this.#window[drop]!.byteLength <= keepFrom
    ) {
      this.#windowStart += this.#window[drop]!.byteLength;
      drop++;
    }
    if (drop > 0) this.#window.splice(0, drop);
  }

  /** A copy of the bytes from `offset` (in the window) to the end of the chunk holding it. */
  #chunkAt(offset: number): Uint8Array {
    let start = this.#windowStart;
    let index = 0;
    while (offset >= start + this.#window[index]!.byteLength) {
      start += this.#window[index++]!.byteLength;
    }
    // A copy: a subscriber may transfer or mutate the chunk it was given.
    return this.#window[index]!.slice(offset - start);
  }

  /** Nobody will read this body (a background revalidation): stop once storing is done with it. */
  unread(): void {
    this.#unread = true;
    this.#stopIfUnread();
  }

  /**
   * A new stream of the whole body for one caller. Aborting `signal` errors this stream only;
   * when the last subscriber leaves before the end, the source is cancelled.
   */
  subscribe(signal?: AbortSignal | null): ReadableStream<Uint8Array> {
    if (this.#windowStart > 0 || (this.#state === 'failed' && this.#subscribed)) {
      throw new ReplayUnavailable();
    }
    this.#subscribed = true;
    if (this.#state === 'failed') {
      const error = this.#error;
      return new ReadableStream({ start: (controller) => controller.error(error) });
    }
    const subscriber: Subscriber = {
      offset: 0,
      reading: false,
      controller: undefined as never,
      held: undefined,
      wake: undefined,
      detach: () => {},
    };
    const leave = (reason: unknown) => {
      if (!this.#forget(subscriber)) return;
      if (this.#subscribers.size === 0 && this.#state === 'reading') this.#stop(reason);
      else this.#pull();
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          subscriber.controller = new WeakRef(controller);
          this.#subscribers.add(subscriber);
          if (!signal) return;
          const onAbort = () => {
            if (!this.#subscribers.has(subscriber)) return;
            subscriber.controller.deref()?.error(abortReason(signal));
            leave(abortReason(signal));
          };
          subscriber.detach = () => signal.removeEventListener('abort', onAbort);
          signal.addEventListener('abort', onAbort, { once: true });
          if (signal.aborted) onAbort();
        },
        pull: (controller) => this.#serve(subscriber, controller),
        cancel: () => leave(abortReason(signal ?? AbortSignal.abort())),
      },
      // Pulled only while the caller waits on a read: the bytes wait in the window, once for all.
      { highWaterMark: 0 },
    );
    droppedStreams.register(stream, () => this.#dropped(subscriber), subscriber);
    return stream;
  }

  /** Gives `subscriber` its next chunk, or its end, waiting for the network if need be. */
  async #serve(subscriber: Subscriber, controller: Controller): Promise<void> {
    if (!subscriber.reading && this.#subscribers.has(subscriber)) {
      // An active reader is no longer noticed by collection: it reads on, cancels or ends.
      subscriber.reading = true;
      subscriber.held = controller;
      droppedStreams.unregister(subscriber);
    }
    for (;;) {
      if (!this.#subscribers.has(subscriber)) return;
      if (subscriber.offset < this.#received) {
        const chunk = this.#chunkAt(subscriber.offset);
        subscriber.offset += chunk.byteLength;
        controller.enqueue(chunk);
        this.#trim();
        this.#pull();
        return;
      }
      if (this.#state === 'done') {
        this.#forget(subscriber);
        controller.close();
        return;
      }
      await new Promise<void>((resolve) => {
        subscriber.wake = resolve;
        this.#pull();
      });
      subscriber.wake = undefined;
    }
  }

  /** Removes a subscriber; false when it was already gone. */
  #forget(subscriber: Subscriber): boolean {
    if (!this.#subscribers.delete(subscriber)) return false;
    subscriber.held = undefined;
    subscriber.detach();
    subscriber.wake?.();
    droppedStreams.unregister(subscriber);
    this.#trim();
    return true;
  }

  /** A caller's stream became garbage: it reads no more, but the store may still want the body. */
  #dropped(subscriber: Subscriber): void {
    if (!this.#forget(subscriber)) return;
    this.#stopIfUnread();
    this.#pull();
  }
}

/** `parts` as one buffer of `length` bytes (their sum, when not given). */
export function concat(
  parts: Uint8Array[],
  length = parts.reduce((sum, part) => sum + part.byteLength, 0),
): ArrayBuffer {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}
