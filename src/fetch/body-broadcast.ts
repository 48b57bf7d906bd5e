// One network body, read once, streamed to every caller that shares it, and kept for storage.
// The stored copy is handed out only when the body arrived completely (never a truncated one).
import { abortReason } from './abort';
import { ReplayUnavailable } from './outcome';

type Controller = ReadableStreamDefaultController<Uint8Array>;

export class BodyBroadcast {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #onAbandoned: () => void;
  readonly #maxBytes: number;
  readonly #expectedLength: number | undefined;
  /** Live subscribers, each with what detaches it from its caller's signal. */
  readonly #subscribers = new Map<Controller, () => void>();
  /**
   * What a subscriber replays before it follows the live stream. Invariant: it is dropped (set
   * undefined) only once the first subscriber has replayed it, so the caller who started the
   * request always gets every byte, even of a body that failed or grew too big before it looked.
   */
  #parts: Uint8Array[] | undefined = [];
  #received = 0;
  #storable = true;
  #subscribed = false;
  #state: 'reading' | 'done' | 'failed' = 'reading';
  #error: unknown;
  #resolveComplete!: (body: ArrayBuffer | null) => void;

  /** Resolves to the whole body once it arrived intact, or null when it failed, was cut or too big. */
  readonly complete: Promise<ArrayBuffer | null>;

  /**
   * @param expectedLength Content-Length when the body is not content-coded: a body of another
   *   length is truncated or corrupt and is not stored.
   * @param maxBytes Past this many bytes the body is not stored (callers still get all of it).
   * @param onAbandoned Called when every subscriber went away before the end: stop the network.
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
      this.#resolveComplete(new ArrayBuffer(0));
      return;
    }
    this.#reader = source.getReader();
    void this.#pump();
  }

  async #pump(): Promise<void> {
    const reader = this.#reader!;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#received += value.byteLength;
        if (this.#received > this.#maxBytes) this.#storable = false;
        // A copy: a subscriber may transfer or mutate the chunk it was given.
        this.#parts?.push(value.slice());
        this.#releaseIfUseless();
        for (const controller of this.#subscribers.keys()) controller.enqueue(value.slice());
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#state = 'done';
    const intact = this.#expectedLength === undefined || this.#expectedLength === this.#received;
    if (!intact) this.#storable = false;
    let whole: ArrayBuffer | null = null;
    if (this.#storable && this.#parts) {
      whole = concat(this.#parts, this.#received);
      this.#parts = [new Uint8Array(whole)];
    }
    this.#releaseIfUseless();
    // Resolved before the subscribers see the end, so `complete`'s reactions (registering the
    // write, read-your-writes) run before anything a caller does once it has read the body.
    this.#resolveComplete(whole);
    for (const [controller, detach] of this.#subscribers) {
      detach();
      controller.close();
    }
    this.#subscribers.clear();
  }

  #fail(error: unknown): void {
    if (this.#state !== 'reading') return;
    this.#state = 'failed';
    this.#error = error;
    this.#storable = false;
    for (const [controller, detach] of this.#subscribers) {
      detach();
      controller.error(error);
    }
    this.#subscribers.clear();
    this.#releaseIfUseless();
    this.#resolveComplete(null);
  }

  /** Drops the replay buffer once only late joiners could want it and it cannot be stored. */
  #releaseIfUseless(): void {
    if (this.#subscribed && !this.#storable) this.#parts = undefined;
  }

  /**
   * A new stream of the whole body for one caller. Aborting `signal` errors this stream only;
   * when the last subscriber leaves before the end, the source is cancelled.
   */
  subscribe(signal?: AbortSignal | null): ReadableStream<Uint8Array> {
    const parts = this.#parts;
    if (!parts) throw new ReplayUnavailable();
    this.#subscribed = true;
    let self: Controller;
    const leave = () => {
      this.#subscribers.get(self)?.();
      this.#subscribers.delete(self);
      if (this.#subscribers.size === 0 && this.#state === 'reading') {
        this.#fail(abortReason(signal ?? AbortSignal.abort()));
        this.#reader?.cancel().catch(() => {});
        this.#onAbandoned();
      }
    };
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller;
        for (const part of parts) controller.enqueue(part.slice());
        if (this.#state === 'done') return controller.close();
        if (this.#state === 'failed') return controller.error(this.#error);
        const onAbort = () => {
          if (!this.#subscribers.has(controller)) return;
          controller.error(abortReason(signal!));
          leave();
        };
        this.#subscribers.set(controller, () => signal?.removeEventListener('abort', onAbort));
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) onAbort();
      },
      cancel: () => leave(),
    });
    this.#releaseIfUseless();
    return stream;
  }
}

function concat(parts: Uint8Array[], length: number): ArrayBuffer {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}
